// The tab bar: marks the current screen, and carries the map's and the list's shared filters
// along in their links. A pupil's tabs lead to their class instead (ui/schools/).
import { t } from '../i18n/index.js';

// For a pupil: [route, href, label key] in place of the resident's tab; "mine" is in /klas.
const PUPIL_TABS = {
  map: () => ['schools', '/klas', 'schools.nav.class'],
  list: (user) => ['schools-map', `/klas/${encodeURIComponent(user.project || '')}/kaart`, 'schools.nav.classMap'],
};

/** createTabBar(element) → {setCurrent(routeName), linkFilters(search), relabel(), setUser(user)} */
export function createTabBar(element) {
  const links = [...element.querySelectorAll('a[data-route]')];
  for (const a of links) {
    a.dataset.tab = a.dataset.route;
    a.dataset.href = a.getAttribute('href');
  }
  let pupil = null;

  function applyUser() {
    for (const a of links) {
      const label = a.querySelector('[data-i18n]');
      label.dataset.i18nDefault ||= label.dataset.i18n;
      const swap = pupil && PUPIL_TABS[a.dataset.tab]?.(pupil);
      a.hidden = Boolean(pupil && a.dataset.tab === 'mine');
      a.dataset.route = swap ? swap[0] : a.dataset.tab;
      if (swap) a.href = swap[1];
      else if (!['map', 'list'].includes(a.dataset.tab)) a.href = a.dataset.href;
      label.dataset.i18n = swap ? swap[2] : label.dataset.i18nDefault;
      label.textContent = t(label.dataset.i18n);
    }
  }

  return {
    setCurrent(name) {
      for (const a of links) {
        if (a.dataset.route === name) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      }
    },
    /** search: the filters as a query string ('' or '?soort=…'). */
    linkFilters(search) {
      if (pupil) return;
      element.querySelector('a[data-tab=map]').href = `/${search}`;
      element.querySelector('a[data-tab=list]').href = `/lijst${search}`;
    },
    relabel() {
      element.setAttribute('aria-label', t('nav.label'));
      applyUser();
    },
    /** user: the signed-in user (or null); a pupil gets their class's tabs. */
    setUser(user) {
      const wasPupil = Boolean(pupil);
      pupil = user?.role === 'pupil' ? user : null;
      if (wasPupil && !pupil) {
        element.querySelector('a[data-tab=map]').href = '/';
        element.querySelector('a[data-tab=list]').href = '/lijst';
      }
      applyUser();
    },
  };
}

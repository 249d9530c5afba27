// The tab bar: marks the current screen, and carries the map's and the list's shared filters
// along in their links.
import { t } from '../i18n/index.js';

/** createTabBar(element) → {setCurrent(routeName), linkFilters(search), relabel()} */
export function createTabBar(element) {
  const links = [...element.querySelectorAll('a[data-route]')];
  return {
    setCurrent(name) {
      for (const a of links) {
        if (a.dataset.route === name) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      }
    },
    /** search: the filters as a query string ('' or '?soort=…'). */
    linkFilters(search) {
      element.querySelector('a[data-route=map]').href = `/${search}`;
      element.querySelector('a[data-route=list]').href = `/lijst${search}`;
    },
    relabel() {
      element.setAttribute('aria-label', t('nav.label'));
    },
  };
}

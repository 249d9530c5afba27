// The top bar: the language switch, the outbox badge, the account link and, for curators,
// administrators and teachers, the workbench menu (staff-menu.js). The elements come
// with index.html; this fills in what changes with the language, the user and the outbox.
import { currentLanguage, t } from '../i18n/index.js';
import { h } from './dom.js';
import { createStaffMenu } from './staff-menu.js';

/** createTopBar(element, {onSwitchLanguage}) → {relabel(user), showOutbox(items), setCurrent(route)} */
export function createTopBar(element, { onSwitchLanguage }) {
  const langButton = element.querySelector('.lang-switch');
  const accountLink = element.querySelector('.account-link');
  const outboxBadge = element.querySelector('.outbox-badge');
  langButton.addEventListener('click', onSwitchLanguage);
  const staffMenu = createStaffMenu(element.querySelector('.topbar-actions'));

  /** user: the signed-in user, or null/undefined for none (yet). */
  function relabel(user) {
    const other = currentLanguage() === 'nl' ? 'en' : 'nl';
    // Visible: EN / NL; read out: the whole sentence in the language it switches to.
    langButton.replaceChildren(
      other.toUpperCase(),
      h('span', { class: 'visually-hidden' }, other === 'en' ? ' – Switch to English' : ' – Naar het Nederlands'),
    );
    langButton.lang = other;
    staffMenu.show(user);
    if (user) {
      accountLink.textContent = user.display_name;
      accountLink.href = user.role === 'pupil' ? '/klas' : '/mijn'; // a pupil's own page is their class
      accountLink.setAttribute('aria-label', t('nav.account', { name: user.display_name }));
    } else {
      accountLink.textContent = t('nav.login');
      accountLink.href = '/inloggen';
      accountLink.removeAttribute('aria-label');
    }
  }

  /** items: the outbox entries not yet sent. */
  function showOutbox(items) {
    outboxBadge.hidden = !items.length;
    outboxBadge.replaceChildren(
      h('span', { class: 'visually-hidden' }, t('outbox.badgeLabel')),
      h('span', { class: 'outbox-icon', 'aria-hidden': 'true' }),
      String(items.length),
    );
    outboxBadge.classList.toggle(
      'has-failed',
      items.some((item) => item.state === 'failed'),
    );
  }

  return { relabel, showOutbox, setCurrent: staffMenu.setCurrent };
}

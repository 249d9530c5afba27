// The curators' link to their exhibitions in the top bar: one small entry of its own.
import { t } from '../../i18n/index.js';
import { h } from '../dom.js';

/** Show or remove the link for `user` (curators and administrators only). */
export function showCollectionsLink(doc, user) {
  const actions = doc.querySelector('.topbar-actions');
  let link = actions?.querySelector('.collections-link');
  const curator = user && (user.role === 'curator' || user.role === 'admin');
  if (!actions || !curator) {
    link?.remove();
    return;
  }
  if (!link) {
    link = h('a', { class: 'collections-link', href: '/exposities', 'data-link': '' });
    actions.prepend(link);
  }
  link.textContent = t('coll.nav');
}

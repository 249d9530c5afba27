// The curators' way to /kaartlagen: one link, shown to curators and administrators only.
// Kept in its own module so the curator navigation can take it over in one line.
import { t } from '../../i18n/index.js';
import { h } from '../dom.js';

export function layersNavEntry(user) {
  if (!user || !['curator', 'admin'].includes(user.role)) return null;
  return h('a', { class: 'button', href: '/kaartlagen', 'data-link': '' }, t('layers.admin.nav'));
}

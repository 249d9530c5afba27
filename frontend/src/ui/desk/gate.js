// Who may open a workbench page: others get a sentence and a way on, not an empty screen.
import { t } from '../../i18n/index.js';
import { h } from '../dom.js';

/** staffGate(page, user, roles) → true when `user` has one of `roles`; otherwise explains. */
export function staffGate(page, user, roles) {
  if (!user) {
    page.append(
      h('p', {}, t('staff.loginFirst')),
      h('p', {}, h('a', { class: 'button button-primary', href: '/inloggen', 'data-link': '' }, t('nav.login'))),
    );
    return false;
  }
  if (!roles.includes(user.role)) {
    page.append(h('p', {}, t('staff.notForYou')));
    return false;
  }
  return true;
}

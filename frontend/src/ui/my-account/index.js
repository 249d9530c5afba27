// /mijn/account: the request to be a teacher, two-step login (scan a QR code, confirm a code,
// keep the recovery codes shown once) and the list of logged-in sessions.
import { t } from '../../i18n/index.js';
import { app, loadUser } from '../../state.js';
import { h } from '../dom.js';
import { sessionsSection } from './sessions.js';
import { teacherSection } from './teacher.js';
import { twoFactorSection } from './two-factor.js';
import './my-account.css';

export async function render(page) {
  const user = app.user === undefined ? await loadUser() : app.user;
  page.append(h('h1', {}, t('acct.title')));
  if (!user) {
    page.append(
      h('p', {}, t('acct.loginFirst')),
      h(
        'p',
        {},
        h(
          'a',
          { class: 'button button-primary', href: '/inloggen?next=/mijn/account', 'data-link': '' },
          t('nav.login'),
        ),
      ),
    );
    return;
  }
  page.append(
    h(
      'p',
      {},
      t('mine.signedIn', { name: user.display_name }),
      ' ',
      h('span', { class: 'muted' }, t(`role.${user.role}`)),
    ),
  );
  const teacher = teacherSection(user);
  if (teacher) page.append(teacher);
  if (user.role !== 'pupil') page.append(await twoFactorSection());
  page.append(await sessionsSection());
  page.append(h('p', {}, h('a', { href: '/mijn', 'data-link': '' }, t('nav.mine'))));
}

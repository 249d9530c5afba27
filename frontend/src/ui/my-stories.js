// "My stories": every story of the signed-in user with its status and the moderator's message.
import { h } from './dom.js';
import { t, formatDate } from '../i18n/index.js';
import { api, app, loadUser, loadThemes, setUser } from '../state.js';
import { storyCard } from './story-card.js';
import { navigate } from '../router.js';

export async function render(page) {
  const user = app.user === undefined ? await loadUser() : app.user;
  page.append(h('h1', {}, t('mine.title')));
  if (!user) {
    page.append(h('p', {}, t('mine.loginFirst')), h('p', { class: 'inline-buttons' }, h('a', { class: 'button button-primary', href: '/inloggen?next=/mijn', 'data-link': '' }, t('nav.login')), h('a', { class: 'button', href: '/registreren?next=/mijn', 'data-link': '' }, t('account.register'))), h('p', {}, h('a', { href: '/uitbox', 'data-link': '' }, t('nav.outbox'))));
    return;
  }
  const logout = h('button', { type: 'button', class: 'button', onclick: doLogout }, t('account.logout'));
  page.append(h('p', { class: 'account-line' }, t('mine.signedIn', { name: user.display_name }), ' ', logout));
  const list = h('ul', { class: 'story-list' });
  const status = h('p', { 'aria-live': 'polite' }, t('loading'));
  page.append(status, list, h('p', { class: 'inline-buttons' }, h('a', { class: 'button button-primary', href: '/nieuw', 'data-link': '' }, t('nav.new')), h('a', { class: 'button', href: '/uitbox', 'data-link': '' }, t('nav.outbox')), h('a', { class: 'button', href: '/privacy', 'data-link': '' }, t('nav.privacy'))));
  await loadThemes();
  let data;
  try {
    data = await api.myStories();
  } catch (error) {
    status.textContent = error.status === 404 ? t('mine.unavailable') : error.network ? t('list.offline') : t('list.failed');
    return;
  }
  status.textContent = data.features.length ? t(data.features.length === 1 ? 'list.countOne' : 'list.count', { n: data.features.length }) : t('mine.none');
  list.append(
    ...data.features.map((f) => {
      const p = f.properties;
      const moderation = p.moderation;
      const extra = h(
        'div',
        {},
        h('p', { class: `status-badge status-${p.status}` }, t(`status.${p.status}`)),
        moderation?.message ? h('p', { class: 'moderation-message' }, h('strong', {}, t('mine.moderator')), ' ', moderation.message, moderation.decided_at ? h('span', { class: 'muted' }, ` (${formatDate(moderation.decided_at)})`) : null) : null,
      );
      return storyCard(f, { extra });
    }),
  );

  async function doLogout() {
    try {
      await api.logout();
    } catch {
      /* the session is gone either way */
    }
    setUser(null);
    await api.csrf(true).catch(() => {});
    navigate('/');
  }
}

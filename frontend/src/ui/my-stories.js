// "My stories": every story of the signed-in user with its status and the moderator's message.

import { formatDate, t } from '../i18n/index.js';
import { navigate } from '../router.js';
import { api, app, loadThemes, loadUser, setUser } from '../state.js';
import { field, h, showFieldErrors } from './dom.js';
import { layersNavEntry } from './layers/nav-entry.js';
import { myStoryActions } from './my-story-actions.js';
import { storyCard } from './story-card.js';

/** install: the app's install prompt (install-prompt.js), passed in the screen context. */
export async function render(page, { install } = {}) {
  const user = app.user === undefined ? await loadUser() : app.user;
  page.append(h('h1', {}, t('mine.title')));
  if (!user) {
    page.append(
      h('p', {}, t('mine.loginFirst')),
      h(
        'p',
        { class: 'inline-buttons' },
        h('a', { class: 'button button-primary', href: '/inloggen?next=/mijn', 'data-link': '' }, t('nav.login')),
        h('a', { class: 'button', href: '/registreren?next=/mijn', 'data-link': '' }, t('account.register')),
      ),
      h('p', {}, h('a', { href: '/uitbox', 'data-link': '' }, t('nav.outbox'))),
    );
    return;
  }
  const logout = h('button', { type: 'button', class: 'button', onclick: doLogout }, t('account.logout'));
  page.append(h('p', { class: 'account-line' }, t('mine.signedIn', { name: user.display_name }), ' ', logout));
  const list = h('ul', { class: 'story-list' });
  const status = h('p', { 'aria-live': 'polite' }, t('loading'));
  page.append(
    status,
    list,
    h(
      'p',
      { class: 'inline-buttons' },
      h('a', { class: 'button button-primary', href: '/nieuw', 'data-link': '' }, t('nav.new')),
      h('a', { class: 'button', href: '/uitbox', 'data-link': '' }, t('nav.outbox')),
      h('a', { class: 'button', href: '/privacy', 'data-link': '' }, t('nav.privacy')),
      h('a', { class: 'button', href: '/mijn/account', 'data-link': '' }, t('acct.nav')),
      layersNavEntry(user),
    ),
  );
  page.append(accountSection(install));
  await loadThemes();
  let data;
  try {
    data = await api.myStories();
  } catch (error) {
    status.textContent =
      error.status === 404 ? t('mine.unavailable') : error.network ? t('list.offline') : t('list.failed');
    return;
  }
  status.textContent = data.features.length
    ? t(data.features.length === 1 ? 'list.countOne' : 'list.count', { n: data.features.length })
    : t('mine.none');
  list.append(
    ...data.features.map((f) => {
      const p = f.properties;
      const moderation = p.moderation;
      const extra = h(
        'div',
        {},
        h('p', { class: `status-badge status-${p.status}` }, t(`status.${p.status}`)),
        moderation?.message
          ? h(
              'p',
              { class: 'moderation-message' },
              h('strong', {}, t('mine.moderator')),
              ' ',
              moderation.message,
              moderation.decided_at ? h('span', { class: 'muted' }, ` (${formatDate(moderation.decided_at)})`) : null,
            )
          : null,
        // Each of your stories can be edited, deleted or withdrawn from here.
        myStoryActions(f, { onDone: () => extra.closest('li')?.classList.add('story-gone') }),
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

/** Account tools: install the app, change password, download my data, delete my account. */
function accountSection(install) {
  const section = h(
    'section',
    { class: 'account-tools', 'aria-labelledby': 'account-tools-title' },
    h('h2', { id: 'account-tools-title' }, t('mine.account')),
  );
  if (install?.available) {
    section.append(
      h(
        'p',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'button',
            onclick: () => install.prompt(),
          },
          t('mine.install'),
        ),
      ),
    );
  }

  const current = field({
    label: t('mine.currentPassword'),
    name: 'current_password',
    type: 'password',
    required: true,
    attrs: { autocomplete: 'current-password' },
  });
  const next = field({
    label: t('account.newPassword'),
    name: 'new_password',
    type: 'password',
    required: true,
    hint: t('account.passwordHint'),
    attrs: { autocomplete: 'new-password', minlength: 10 },
  });
  const passwordResult = h('p', { 'aria-live': 'polite' });
  const passwordForm = h(
    'form',
    { novalidate: true },
    current.wrap,
    next.wrap,
    h('button', { type: 'submit', class: 'button' }, t('account.savePassword')),
    passwordResult,
  );
  passwordForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = { current_password: current, new_password: next };
    try {
      await api.changePassword(current.input.value, next.input.value);
      passwordForm.reset();
      showFieldErrors(fields, {});
      passwordResult.textContent = t('account.passwordSaved');
    } catch (error) {
      if (error.status === 404) passwordResult.textContent = t('mine.unavailableHere');
      else if (!showFieldErrors(fields, error.errors || {}))
        passwordResult.textContent = error.detail || error.title || t('story.failed');
    }
  });
  section.append(h('details', {}, h('summary', {}, t('mine.changePassword')), passwordForm));

  const exportLinks = h(
    'p',
    { class: 'inline-buttons' },
    h('a', { class: 'button', href: '/api/v1/me/export.zip', download: '' }, t('mine.exportZip')),
    h('a', { class: 'button', href: '/api/v1/me/export', download: 'verhalenkaart.json' }, t('mine.exportJson')),
  );
  section.append(h('details', {}, h('summary', {}, t('mine.export')), h('p', {}, t('mine.exportIntro')), exportLinks));

  const choiceId = 'erase-choice';
  const password = field({
    label: t('account.password'),
    name: 'password',
    type: 'password',
    required: true,
    attrs: { autocomplete: 'current-password' },
  });
  const eraseResult = h('p', { role: 'alert', class: 'form-error', hidden: true });
  const eraseForm = h(
    'form',
    { novalidate: true },
    h(
      'fieldset',
      {},
      h('legend', {}, t('mine.eraseStories')),
      ['anonymise', 'delete'].map((value) =>
        h(
          'div',
          { class: 'check' },
          h('input', {
            type: 'radio',
            name: choiceId,
            id: `${choiceId}-${value}`,
            value,
            checked: value === 'anonymise',
          }),
          h('label', { for: `${choiceId}-${value}` }, t(`mine.erase.${value}`)),
        ),
      ),
    ),
    password.wrap,
    eraseResult,
    h('button', { type: 'submit', class: 'button button-danger' }, t('mine.eraseButton')),
  );
  eraseForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!password.input.value) return showFieldErrors({ password }, { password: [t('form.required')] });
    if (!confirm(t('mine.eraseConfirm'))) return;
    try {
      await api.request('DELETE', '/me', {
        json: { stories: eraseForm.querySelector('input:checked').value, password: password.input.value },
      });
      setUser(null);
      await api.csrf(true).catch(() => {});
      navigate('/');
    } catch (error) {
      let message = null;
      if (error.status === 404) message = t('mine.unavailableHere');
      else if (!showFieldErrors({ password }, error.errors || {}))
        message = error.detail || error.title || t('story.failed');
      if (message) {
        eraseResult.textContent = message;
        eraseResult.hidden = false;
      }
    }
  });
  section.append(h('details', {}, h('summary', {}, t('mine.erase')), h('p', {}, t('mine.eraseIntro')), eraseForm));
  return section;
}

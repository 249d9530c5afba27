// "Vertel": pin a new story. Everything typed is saved as a draft as you type and restored when
// you come back; sending goes through the outbox, so it also works offline.
import { currentLanguage, t } from '../../i18n/index.js';
import { clearDraft, debounce, loadDraft, saveDraft } from '../../offline/drafts.js';
import { uuid } from '../../offline/outbox.js';
import { app, loadThemes, loadUser } from '../../state.js';
import { restoreDraft, toFeature } from '../../story-draft.js';
import { h } from '../dom.js';
import { showQueued, showThanks } from './done.js';
import { createStoryForm } from './form.js';
import { sendStory } from './submit.js';

const DRAFT_KEY = 'new-story';

export async function render(page) {
  let close = null;
  async function open() {
    close = await openNewStory(page, { onStartOver: open });
  }
  await open();
  // "Start over" opens a fresh form in the same page: leaving closes whichever is showing.
  return () => close?.();
}

async function openNewStory(page, { onStartOver }) {
  await loadThemes();
  const stored = await loadDraft(DRAFT_KEY).catch(() => null);
  const draft = restoreDraft(stored, uuid());
  let finished = false;
  const persist = debounce(() => (finished ? null : saveDraft(DRAFT_KEY, draft).catch(() => {})), 300);

  page.append(h('h1', {}, t('new.title')));
  if (stored) {
    page.append(
      h(
        'div',
        { class: 'notice', role: 'status' },
        h('p', {}, t('new.draftRestored')),
        h('button', { type: 'button', class: 'link-button', onclick: startOver }, t('new.startOver')),
      ),
    );
  }
  const user = app.user === undefined ? await loadUser() : app.user;
  if (!user && !app.config.anonymous_contributions) {
    page.append(
      h(
        'p',
        { class: 'notice' },
        t('new.loginFirst'),
        ' ',
        h('a', { href: '/inloggen?next=/nieuw', 'data-link': '' }, t('nav.login')),
        ' · ',
        h('a', { href: '/registreren?next=/nieuw', 'data-link': '' }, t('account.register')),
      ),
    );
  }

  // A pupil tells inside their project: its area is on the pin map (the server checks it).
  let config = app.config;
  if (user?.role === 'pupil') {
    const { pupilProjectArea } = await import('../schools/story-context.js');
    config = { ...app.config, projectArea: await pupilProjectArea(user) };
  }
  const form = createStoryForm(draft, { config, themes: app.themes, onChange: persist, onSubmit: send });
  page.append(form.element);
  form.start();

  async function send() {
    const sending = form.startSending();
    const feature = toFeature(draft, { language: currentLanguage() });
    const result = await sendStory(feature, draft.photos, {
      saveDraft: persist.flush,
      onProgress: sending.progress,
      audio: draft.audio,
    });
    sending.end();
    if (result.outcome === 'rejected') {
      form.enableSend();
      form.showErrors(result.errors);
      return;
    }
    finished = true;
    await clearDraft(DRAFT_KEY);
    if (result.outcome === 'queued') {
      import('../../offline/register-sw.js').then((m) => m.requestOutboxSync());
      showQueued(page);
    } else showThanks(page, result.item);
  }

  async function startOver() {
    finished = true;
    await clearDraft(DRAFT_KEY);
    page.replaceChildren();
    close();
    onStartOver();
  }

  let closed = false;
  function close() {
    if (closed) return;
    closed = true;
    persist.flush();
    form.destroy();
  }

  requestAnimationFrame(() => form.invalidate());
  window.addEventListener('pagehide', persist.flush, { once: true });
  return close;
}

// "Bewerken": the author changes a story already sent, in the same form as a new one (text,
// place or route or area, era, themes, photos, recording). Only what changed is sent, through
// the outbox (a PATCH plus photo and recording additions and removals), so it works offline.
// When the change sends the story back to review, the form says so before saving.
import { currentLanguage, t } from '../../i18n/index.js';
import { clearDraft, debounce, loadDraft, saveDraft } from '../../offline/drafts.js';
import { api, app, loadThemes, loadUser, onOutboxChange, outbox } from '../../state.js';
import { editPatch, fromFeature, mediaUpdates, statusAfterEdit } from '../../story-draft.js';
import { h } from '../dom.js';
import { createStoryForm } from './form.js';
import { rejectionErrors } from './submit.js';

export async function render(page, { id }) {
  const user = app.user === undefined ? await loadUser() : app.user;
  if (!user) {
    page.append(
      h('h1', {}, t('edit.title')),
      h(
        'p',
        {},
        h('a', { href: `/inloggen?next=/verhaal/${encodeURIComponent(id)}/bewerken`, 'data-link': '' }, t('nav.login')),
      ),
    );
    return null;
  }
  let original;
  try {
    [original] = await Promise.all([api.story(id), loadThemes()]);
  } catch (error) {
    page.append(
      h('h1', {}, error.network ? t('edit.offline') : t('story.notFound')),
      h('p', {}, h('a', { href: '/mijn', 'data-link': '' }, t('nav.mine'))),
    );
    return null;
  }
  const key = `edit-${id}`;
  const stored = await loadDraft(key).catch(() => null);
  // A stored edit continues where the writer left off, unless the story changed on the server since.
  const fresh = fromFeature(original);
  const draft = stored && stored.updated_at === original.properties.updated_at ? { ...fresh, ...stored } : fresh;
  draft.updated_at = original.properties.updated_at;
  let finished = false;
  const persist = debounce(() => (finished ? null : saveDraft(key, draft).catch(() => {})), 300);

  const status = original.properties.status;
  const after = statusAfterEdit(status, user.role, app.config.moderation);
  const review = after === 'pending' && status !== 'pending';
  page.append(
    h('h1', {}, t('edit.title')),
    h('p', { class: 'lead' }, original.properties.title),
    review ? h('p', { class: 'notice edit-review' }, t('edit.backToReview')) : null,
  );
  const form = createStoryForm(draft, {
    config: app.config,
    themes: app.themes,
    onChange: persist,
    onSubmit: save,
    mode: 'edit',
  });
  page.append(form.element);
  form.start();

  async function save() {
    const patch = editPatch(original, draft, { language: currentLanguage() });
    const removals = {
      remove_photos: draft.remove_photos || [],
      remove_audio: draft.remove_audio || [],
      media_updates: mediaUpdates(original, draft),
    };
    const nothing =
      !patch &&
      !draft.photos.length &&
      !draft.audio.length &&
      !removals.remove_photos.length &&
      !removals.remove_audio.length &&
      !removals.media_updates.length;
    if (nothing) return form.showErrors({ consent: [t('edit.nothing')] });
    if (review && !confirm(t('edit.confirmReview'))) return;
    const sending = form.startSending();
    let itemId = null;
    const stop = onOutboxChange((change) => {
      if (change.id === itemId && change.progress != null) sending.progress(change.progress);
    });
    let item;
    let summary;
    try {
      item = await outbox.change(id, 'update', {
        patch,
        title: draft.title,
        kind: draft.kind,
        photos: draft.photos,
        audio: draft.audio,
        ...removals,
      });
      itemId = item.id;
      await persist.flush();
      summary = navigator.onLine ? await outbox.flush() : { pending: 1 };
    } finally {
      stop();
      sending.end();
    }
    const now = (await outbox.list()).find((x) => x.id === item.id);
    if (now?.state === 'failed' && !now.story_sent) {
      await outbox.remove(item.id); // the form keeps the edit: fix it and save again
      form.enableSend();
      form.showErrors(rejectionErrors(now.error));
      return;
    }
    finished = true;
    await clearDraft(key);
    const queued = summary.pending || now?.state === 'pending';
    const state = now?.result?.properties?.status;
    page.replaceChildren(
      h('h1', { tabindex: '-1' }, queued ? t('edit.queuedTitle') : t('edit.savedTitle')),
      h(
        'p',
        { class: 'lead' },
        queued ? t('edit.queued') : state === 'pending' ? t('edit.savedPending') : t('edit.saved'),
      ),
      h(
        'p',
        { class: 'inline-buttons' },
        h(
          'a',
          { class: 'button button-primary', href: `/verhaal/${encodeURIComponent(id)}`, 'data-link': '' },
          t('new.viewStory'),
        ),
        h('a', { class: 'button', href: '/mijn', 'data-link': '' }, t('nav.mine')),
      ),
    );
    page.querySelector('h1').focus();
  }

  requestAnimationFrame(() => form.invalidate());
  window.addEventListener('pagehide', persist.flush, { once: true });
  return () => {
    if (!finished) persist.flush();
    form.destroy();
  };
}

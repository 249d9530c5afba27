// The author's own actions on a story already sent: edit it, delete it, withdraw consent. Used by
// "my stories" and the story page. Deleting and withdrawing go through the outbox like sending
// (offline they wait; a repeat cannot delete twice), each after a confirmation that says what
// happens.
import { t } from '../i18n/index.js';
import { app, outbox } from '../state.js';
import { h } from './dom.js';
import { announce } from './status.js';
import './new-story/own-story.css';

/**
 * Can the signed-in user change this story? The server adds the private consent fields to a
 * story's detail only for those who may edit it (its author and moderators).
 */
export function canEdit(feature) {
  return Boolean(app.user) && 'consent_at' in (feature.properties || {});
}

/**
 * myStoryActions(feature, {author, onDone}) → a section with "Bewerken", "Verwijderen" and
 * (for the author, `author` true) "Toestemming intrekken".
 * onDone(outcome): 'deleted' | 'withdrawn' | 'queued', after the story went or was queued.
 */
export function myStoryActions(feature, { author = true, onDone } = {}) {
  const id = feature.id;
  const p = feature.properties || {};
  const result = h('p', { class: 'my-story-result', role: 'status' });
  const edit = h(
    'a',
    { class: 'button', href: `/verhaal/${encodeURIComponent(id)}/bewerken`, 'data-link': '' },
    t('edit.edit'),
  );
  const remove = h(
    'button',
    { type: 'button', class: 'button button-danger', onclick: () => act('delete') },
    t('edit.delete'),
  );
  const withdraw = author
    ? h('button', { type: 'button', class: 'button', onclick: () => act('withdraw') }, t('edit.withdraw'))
    : null;
  const section = h(
    'section',
    { class: 'my-story-actions', 'aria-label': t('edit.actions', { title: p.title || '' }) },
    h('p', { class: 'inline-buttons' }, edit, remove, withdraw),
    result,
  );

  async function act(op) {
    const question = op === 'delete' ? t('edit.confirmDelete') : t('edit.confirmWithdraw');
    if (!confirm(question)) return;
    for (const button of section.querySelectorAll('button')) button.disabled = true;
    await outbox.change(id, op, { title: p.title, kind: p.kind });
    const summary = navigator.onLine ? await outbox.flush() : { pending: 1 };
    const failed = (await outbox.list()).find(
      (item) => item.story_id === id && item.op === op && item.state === 'failed',
    );
    if (failed) {
      await outbox.remove(failed.id);
      result.textContent = failed.error?.detail || failed.error?.title || t('story.failed');
      for (const button of section.querySelectorAll('button')) button.disabled = false;
      return;
    }
    const outcome = summary.pending ? 'queued' : op === 'delete' ? 'deleted' : 'withdrawn';
    const message =
      outcome === 'queued' ? t('edit.queued') : outcome === 'deleted' ? t('edit.deleted') : t('edit.withdrawn');
    edit.remove();
    remove.remove();
    withdraw?.remove();
    result.textContent = message;
    announce(message);
    onDone?.(outcome);
  }

  return section;
}

/**
 * The story page's action area (only for who may change the story): placed after its
 * `.story-actions` row, or at the end of the page. Withdrawing consent is the author's alone.
 */
export function storyPageActions(page, feature) {
  if (!canEdit(feature)) return null;
  const moderator = app.user.role === 'curator' || app.user.role === 'admin';
  const author = !moderator || feature.properties.author?.display_name === app.user.display_name;
  const section = myStoryActions(feature, { author });
  const anchor = page.querySelector('.story-actions');
  if (anchor) anchor.after(section);
  else page.append(section);
  return section;
}

// Sending a story: into the outbox first, so nothing is lost when the connection drops, then
// straight on when there is one. The answer says what the screen shows next.
import { t } from '../../i18n/index.js';
import { onOutboxChange, outbox } from '../../state.js';

/**
 * sendStory(feature, photos, {saveDraft, onProgress, audio}) →
 *   {outcome: 'sent', item} | {outcome: 'queued', item} | {outcome: 'rejected', errors}
 * saveDraft(): awaited once the story is in the outbox
 * onProgress(fraction): the photos' and recordings' upload progress, 0–1
 * audio: recordings [{id, file, filename, transcript}]
 * 'rejected' means nothing reached the server; `errors` are field errors for the form.
 */
export async function sendStory(feature, photos, { saveDraft, onProgress, audio = [] }) {
  const stopProgress = onOutboxChange((change) => {
    if (change.id === feature.id && change.progress != null) onProgress(change.progress);
  });
  let item;
  let summary;
  try {
    item = await outbox.add(feature, photos, audio);
    await saveDraft();
    summary = navigator.onLine ? await outbox.flush() : { pending: 1 };
  } finally {
    stopProgress();
  }
  const sent = (await outbox.list()).find((x) => x.id === item.id);
  if (sent && sent.state === 'failed' && !sent.story_sent) {
    await outbox.remove(item.id); // the form keeps the draft: fix it and send again
    return { outcome: 'rejected', errors: rejectionErrors(sent.error) };
  }
  if (!sent || sent.state === 'sent') return { outcome: 'sent', item: sent || item };
  if (summary.pending || sent.state === 'pending') return { outcome: 'queued', item: sent };
  return { outcome: 'sent', item: sent };
}

/**
 * The server's refusal as the form's field errors: `geometry` is the where-step's `position`,
 * `properties.title` is `title`; one without fields goes under the consent box (`fallback`).
 */
export function rejectionErrors(error, fallback = 'consent') {
  if (error.status === 401) return { [fallback]: [t('new.loginFirst')] };
  const errors = {};
  for (const [name, messages] of Object.entries(error.errors || {})) {
    const key = name.replace(/^properties\./, '');
    const field = key === 'geometry' || key.startsWith('geometry.') ? 'position' : key;
    errors[field] = [...(errors[field] || []), ...[messages].flat()];
  }
  if (Object.keys(errors).length) return errors;
  return { [fallback]: [error.detail || error.title] };
}

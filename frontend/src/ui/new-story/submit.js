// Sending a story: into the outbox first, so nothing is lost when the connection drops, then
// straight on when there is one. The answer says what the screen shows next.
import { t } from '../../i18n/index.js';
import { onOutboxChange, outbox } from '../../state.js';

/**
 * sendStory(feature, photos, {saveDraft, onProgress}) →
 *   {outcome: 'sent', item} | {outcome: 'queued', item} | {outcome: 'rejected', errors}
 * saveDraft(): awaited once the story is in the outbox
 * onProgress(fraction): the photos' upload progress, 0–1
 * 'rejected' means nothing reached the server; `errors` are field errors for the form.
 */
export async function sendStory(feature, photos, { saveDraft, onProgress }) {
  const stopProgress = onOutboxChange((change) => {
    if (change.id === feature.id && change.progress != null) onProgress(change.progress);
  });
  let item;
  let summary;
  try {
    item = await outbox.add(feature, photos);
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

/** The server's refusal as field errors; one without fields goes under the consent box, by the send button. */
function rejectionErrors(error) {
  if (error.status === 401) return { consent: [t('new.loginFirst')] };
  if (Object.keys(error.errors || {}).length) return error.errors;
  return { consent: [error.detail || error.title] };
}

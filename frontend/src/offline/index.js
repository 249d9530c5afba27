export { clearDraft, debounce, loadDraft, saveDraft } from './drafts.js';
export { createOutbox, OUTBOX_CHANGED, uuid } from './outbox.js';

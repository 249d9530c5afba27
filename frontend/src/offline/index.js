export { createOutbox, uuid, OUTBOX_CHANGED } from './outbox.js';
export { loadDraft, saveDraft, clearDraft, debounce } from './drafts.js';

// Drafts: whatever is typed in a form is saved as you type, so closing the tab loses nothing.
import { createStore, del, get, set } from 'idb-keyval';

let store;
const db = () => (store ||= createStore('verhalenkaart-drafts', 'drafts'));

export const loadDraft = (key) => get(key, db());
export const saveDraft = (key, value) => set(key, { ...value, saved_at: new Date().toISOString() }, db());
export const clearDraft = (key) => del(key, db());

/** Call `fn` at most once per `ms`, and once more after the last call. */
export function debounce(fn, ms = 300) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.flush = (...args) => {
    clearTimeout(timer);
    return fn(...args);
  };
  return wrapped;
}

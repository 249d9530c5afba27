// The outbox: stories (and their photos) written offline or not yet sent live in IndexedDB and
// are sent when the connection returns — exactly once, because every story and photo carries
// its own client UUID and the server answers a repeated create with the existing resource.

import { createStore, del, get, keys, set } from 'idb-keyval';

export const OUTBOX_CHANGED = 'outbox-changed';

export function uuid() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * createOutbox({api, store, notify, lock})
 *  api: from createApi (createStory, uploadPhoto, csrf)
 *  store: an idb-keyval store (default: database 'verhalenkaart-outbox')
 *  notify(): called after every change (the UI re-reads the list)
 *  lock(fn): runs fn exclusively across tabs and the service worker (Web Locks where present)
 */
export function createOutbox({ api, store, notify = () => {}, lock } = {}) {
  const db = store || createStore('verhalenkaart-outbox', 'items');
  const exclusive = lock || defaultLock;
  let running = null;

  async function list() {
    const ids = await keys(db);
    const items = await Promise.all(ids.map((id) => get(id, db)));
    return items.filter(Boolean).sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  async function save(item) {
    await set(item.id, item, db);
    notify(item);
    return item;
  }

  /** Queue a story Feature with photos [{file: Blob, filename, caption, alt}]. */
  async function add(feature, photos = []) {
    const id = feature.id || uuid();
    const item = {
      id,
      created_at: new Date().toISOString(),
      state: 'pending',
      feature: { ...feature, id },
      story_sent: false,
      photos: photos.map((photo) => ({
        id: photo.id || uuid(),
        file: photo.file,
        filename: photo.filename || 'photo.jpg',
        caption: photo.caption || '',
        alt: photo.alt || '',
        sent: false,
        result: null,
      })),
      progress: 0,
      error: null,
      attempts: 0,
      result: null,
    };
    return save(item);
  }

  async function remove(id) {
    await del(id, db);
    notify({ id, removed: true });
  }

  async function retry(id) {
    const item = await get(id, db);
    if (!item) return null;
    item.state = 'pending';
    item.error = null;
    await save(item);
    return flush();
  }

  function problem(error) {
    return {
      status: error.status || 0,
      title: error.title || '',
      detail: error.detail || error.message || '',
      errors: error.errors || {},
      type: error.type || '',
    };
  }

  async function sendOne(item) {
    item.state = 'sending';
    item.attempts += 1;
    item.error = null;
    await save(item);
    try {
      if (!item.story_sent) {
        item.result = await api.createStory(item.feature);
        item.story_sent = true;
        await save(item);
      }
      const total = item.photos.length;
      for (const [index, photo] of item.photos.entries()) {
        if (photo.sent) continue;
        try {
          photo.result = await api.uploadPhoto(item.id, photo, (fraction) => {
            item.progress = (index + fraction) / Math.max(total, 1);
            notify(item);
          });
        } catch (error) {
          // A server without photo uploads (404 on the route) keeps the story, drops nothing
          // silently: the photo is marked unsupported and shown as such.
          if (error.status !== 404 && error.status !== 405) throw error;
          photo.unsupported = true;
        }
        photo.sent = true;
        photo.file = null; // the server has it; free the space
        await save(item);
      }
      item.state = 'sent';
      item.progress = 1;
      item.sent_at = new Date().toISOString();
      await save(item);
      return 'sent';
    } catch (error) {
      if (error?.retryable) {
        item.state = 'pending';
        item.error = problem(error);
        await save(item);
        return 'offline';
      }
      item.state = 'failed';
      item.error = problem(error);
      await save(item);
      return 'failed';
    }
  }

  /** Send everything pending, oldest first; stops at the first network failure. */
  function flush() {
    if (running) return running;
    running = exclusive(async () => {
      const pending = (await list()).filter((item) => item.state === 'pending' || item.state === 'sending');
      if (!pending.length) return { sent: 0, failed: 0, pending: 0 };
      const summary = { sent: 0, failed: 0, pending: 0 };
      try {
        await api.csrf(true); // a fresh token before every replay
      } catch {
        summary.pending = pending.length;
        return summary;
      }
      for (const [index, item] of pending.entries()) {
        const outcome = await sendOne(item);
        if (outcome === 'sent') summary.sent += 1;
        else if (outcome === 'failed') summary.failed += 1;
        else {
          summary.pending = pending.length - index;
          break;
        }
      }
      return summary;
    }).finally(() => {
      running = null;
    });
    return running;
  }

  /** Sent items are kept briefly so the UI can say "sent"; this drops them. */
  async function pruneSent(olderThanMs = 0) {
    const now = Date.now();
    for (const item of await list()) {
      if (item.state === 'sent' && now - Date.parse(item.sent_at || item.created_at) >= olderThanMs)
        await del(item.id, db);
    }
  }

  return { add, list, remove, retry, flush, pruneSent };
}

function defaultLock(fn) {
  if (globalThis.navigator?.locks?.request) return navigator.locks.request('verhalenkaart-outbox', fn);
  return fn();
}

// The outbox: stories (and their photos and recordings) written offline or not yet sent live in
// IndexedDB and are sent when the connection returns — exactly once, because every story, photo
// and recording carries its own client UUID and the server answers a repeated create with the
// existing resource. Changes to a story already sent queue the same way (`op`): an edit (a
// PATCH, which gives the same result however often it is repeated, plus photo and recording
// additions and removals), a deletion and a withdrawn consent (a 404 on a repeat means done).

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

  function queued(photos, recordings) {
    return {
      photos: photos.map((photo) => ({
        id: photo.id || uuid(),
        file: photo.file,
        filename: photo.filename || 'photo.jpg',
        caption: photo.caption || '',
        alt: photo.alt || '',
        sent: false,
        result: null,
      })),
      audio: recordings.map((rec) => ({
        id: rec.id || uuid(),
        file: rec.file,
        filename: rec.filename || 'recording.webm',
        transcript: rec.transcript || '',
        sent: false,
        result: null,
      })),
      progress: 0,
      error: null,
      attempts: 0,
      result: null,
      created_at: new Date().toISOString(),
      state: 'pending',
      story_sent: false,
    };
  }

  /**
   * Queue a story Feature with photos [{file: Blob, filename, caption, alt}] and recordings
   * [{file: Blob, filename, transcript}].
   */
  async function add(feature, photos = [], recordings = []) {
    const id = feature.id || uuid();
    return save({ id, op: 'create', story_id: id, feature: { ...feature, id }, ...queued(photos, recordings) });
  }

  /**
   * Queue a change to a story that exists on the server:
   *  op 'update': {patch (a partial Feature, may be null), title, kind, photos, audio,
   *               remove_photos: [id], remove_audio: [id],
   *               media_updates: [{kind: 'photos'|'audio', id, changes}]}
   *  op 'delete' / 'withdraw': {title, kind}
   * A deletion or withdrawal drops the story's changes still waiting; when the story itself
   * never reached the server, it is simply taken out of the outbox (nothing to delete there).
   */
  async function change(storyId, op, { patch = null, title = '', kind = '', photos = [], audio = [], ...rest } = {}) {
    if (op === 'delete' || op === 'withdraw') {
      let neverSent = false;
      for (const other of await list()) {
        if (other.story_id !== storyId || other.state === 'sent' || other.state === 'sending') continue;
        if (other.op === 'create' && !other.story_sent) neverSent = true;
        await del(other.id, db);
      }
      if (neverSent) {
        notify({ id: storyId, removed: true });
        return null;
      }
    }
    const item = {
      id: uuid(),
      op,
      story_id: storyId,
      patch,
      remove_photos: rest.remove_photos || [],
      remove_audio: rest.remove_audio || [],
      removed: [],
      // Captions, alt texts and transcripts of photos and recordings already sent.
      media_updates: rest.media_updates || [],
      updated: [],
      // What the outbox list shows for it.
      feature: { type: 'Feature', id: storyId, geometry: null, properties: { title, kind } },
      ...queued(photos, audio),
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
      const storyId = item.story_id || item.id;
      if (!item.story_sent) {
        item.result = await sendStoryPart(item, storyId);
        item.story_sent = true;
        await save(item);
      }
      for (const update of item.media_updates || []) {
        const key = `${update.kind}/${update.id}`;
        if (item.updated.includes(key)) continue;
        await gone(() => api.updateMedia(storyId, update.kind, update.id, update.changes));
        item.updated.push(key);
        await save(item);
      }
      for (const [kind, ids] of [
        ['photos', item.remove_photos || []],
        ['audio', item.remove_audio || []],
      ]) {
        for (const mediaId of ids) {
          const key = `${kind}/${mediaId}`;
          if (item.removed.includes(key)) continue;
          await gone(() => api.removeMedia(storyId, kind, mediaId));
          item.removed.push(key);
          await save(item);
        }
      }
      const uploads = [
        ...item.photos.map((file) => ['photo', file]),
        ...(item.audio || []).map((file) => ['audio', file]),
      ];
      const total = uploads.length;
      for (const [index, [type, file]] of uploads.entries()) {
        if (file.sent) continue;
        const progress = (fraction) => {
          item.progress = (index + fraction) / Math.max(total, 1);
          notify(item);
        };
        try {
          file.result =
            type === 'photo'
              ? await api.uploadPhoto(storyId, file, progress)
              : await api.uploadAudio(storyId, file, progress);
        } catch (error) {
          // A server without photo or recording uploads (404 on the route) keeps the story,
          // drops nothing silently: the file is marked unsupported and shown as such.
          if (error.status !== 404 && error.status !== 405) throw error;
          file.unsupported = true;
        }
        file.sent = true;
        file.file = null; // the server has it; free the space
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

  /** The story part of an item: create it, change it, delete it or withdraw its consent. */
  async function sendStoryPart(item, storyId) {
    switch (item.op || 'create') {
      case 'create':
        return api.createStory(item.feature);
      case 'update':
        return item.patch ? api.updateStory(storyId, item.patch) : null;
      case 'delete':
        return gone(() => api.deleteStory(storyId));
      case 'withdraw':
        return gone(() => api.setConsent(storyId, false));
      default:
        throw new Error(`unknown outbox operation ${item.op}`);
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

  return { add, change, list, remove, retry, flush, pruneSent };
}

/** A removal whose target is already gone (a repeat after a lost answer) is done, not failed. */
async function gone(fn) {
  try {
    return await fn();
  } catch (error) {
    if (error.status === 404) return null;
    throw error;
  }
}

function defaultLock(fn) {
  if (globalThis.navigator?.locks?.request) return navigator.locks.request('verhalenkaart-outbox', fn);
  return fn();
}

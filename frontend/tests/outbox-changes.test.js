// @vitest-environment node
// The outbox's changes to stories already sent: edits, deletions and withdrawn consent queue
// like creations and reach the server exactly once.
import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../src/api.js';
import { createOutbox } from '../src/offline/outbox.js';
import { fakeServer } from './fake-server.js';

let n = 0;
function setup() {
  const server = fakeServer();
  const api = createApi({ fetch: server.fetch, XHR: null });
  n += 1;
  const outbox = createOutbox({ api, store: createStore(`outbox-changes-${n}`, 'items'), lock: (fn) => fn() });
  return { server, outbox };
}
const feature = (title = 'Schaatsen') => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [6.56, 52.99] },
  properties: { kind: 'memory', title, consent: true },
});
const blob = (text, type) => new Blob([text], { type });
const count = (server, request) => server.state.requests.filter((r) => r === request).length;

describe('outbox changes', () => {
  let ctx;
  beforeEach(() => (ctx = setup()));

  it('queues an edit offline and sends the PATCH, new photo and recording once when back online', async () => {
    const { server, outbox } = ctx;
    const story = await outbox.add(feature());
    await outbox.flush();
    server.state.online = false;
    await outbox.change(story.id, 'update', {
      patch: { type: 'Feature', properties: { title: 'Schaatsen op de Aa' } },
      title: 'Schaatsen op de Aa',
      kind: 'memory',
      photos: [{ file: blob('jpeg', 'image/jpeg'), filename: 'a.jpg', alt: 'IJs' }],
      audio: [{ file: blob('opus', 'audio/webm'), filename: 'opname.webm', transcript: 'Het was koud' }],
    });
    expect((await outbox.flush()).pending).toBe(1);
    server.state.online = true;
    expect((await outbox.flush()).sent).toBe(1);
    await outbox.flush();
    expect(server.state.stories.get(story.id).properties.title).toBe('Schaatsen op de Aa');
    expect(count(server, `PATCH /api/v1/stories/${story.id}`)).toBe(1);
    expect(server.state.photos.size).toBe(1);
    expect([...server.state.audio.values()]).toMatchObject([{ story: story.id, transcript: 'Het was koud' }]);
    const item = (await outbox.list()).find((i) => i.op === 'update');
    expect(item.state).toBe('sent');
    expect(item.audio[0].file).toBeNull(); // the server has it: the space is freed
  });

  it('removes photos and recordings once, and a removal already done (404) counts as done', async () => {
    const { server, outbox } = ctx;
    const story = await outbox.add(
      feature(),
      [{ id: 'p-1', file: blob('jpeg', 'image/jpeg') }],
      [{ id: 'a-1', file: blob('opus', 'audio/webm') }],
    );
    await outbox.flush();
    server.state.photos.delete('p-1'); // removed meanwhile (another tab, a lost answer)
    await outbox.change(story.id, 'update', { remove_photos: ['p-1'], remove_audio: ['a-1'] });
    expect((await outbox.flush()).sent).toBe(1);
    await outbox.flush();
    expect(server.state.audio.size).toBe(0);
    expect(count(server, `DELETE /api/v1/stories/${story.id}/audio/a-1`)).toBe(1);
    expect(count(server, `DELETE /api/v1/stories/${story.id}/photos/p-1`)).toBe(1);
  });

  it('changes a sent photo’s caption and a recording’s transcript once', async () => {
    const { server, outbox } = ctx;
    const story = await outbox.add(
      feature(),
      [{ id: 'p-1', file: blob('jpeg', 'image/jpeg'), caption: 'Brink 12' }],
      [{ id: 'a-1', file: blob('opus', 'audio/webm'), transcript: 'Ik woonde op nummer 12' }],
    );
    await outbox.flush();
    await outbox.change(story.id, 'update', {
      media_updates: [
        { kind: 'photos', id: 'p-1', changes: { caption: 'De brink' } },
        { kind: 'audio', id: 'a-1', changes: { transcript: 'Ik woonde aan de brink' } },
      ],
    });
    await outbox.flush();
    await outbox.flush();
    expect(server.state.photos.get('p-1').caption).toBe('De brink');
    expect(server.state.audio.get('a-1').transcript).toBe('Ik woonde aan de brink');
    expect(count(server, `PATCH /api/v1/stories/${story.id}/photos/p-1`)).toBe(1);
  });

  it('deletes offline, then online exactly once', async () => {
    const { server, outbox } = ctx;
    const story = await outbox.add(feature());
    await outbox.flush();
    server.state.online = false;
    await outbox.change(story.id, 'delete', { title: 'Schaatsen', kind: 'memory' });
    await outbox.flush();
    expect(server.state.stories.has(story.id)).toBe(true);
    server.state.online = true;
    await outbox.flush();
    await outbox.flush();
    expect(server.state.deleted.has(story.id)).toBe(true);
    expect(count(server, `DELETE /api/v1/stories/${story.id}`)).toBe(1);
  });

  it('a repeated deletion after a lost answer is done, not failed', async () => {
    const { server, outbox } = ctx;
    const story = await outbox.add(feature());
    await outbox.flush();
    const item = await outbox.change(story.id, 'withdraw');
    server.state.stories.delete(story.id); // the server withdrew it; the answer never came
    await outbox.flush();
    expect((await outbox.list()).find((i) => i.id === item.id).state).toBe('sent');
  });

  it('withdraws consent with POST …/consent {consent: false}', async () => {
    const { server, outbox } = ctx;
    const story = await outbox.add(feature());
    await outbox.flush();
    await outbox.change(story.id, 'withdraw');
    await outbox.flush();
    expect(count(server, `POST /api/v1/stories/${story.id}/consent`)).toBe(1);
    expect(server.state.stories.has(story.id)).toBe(false);
  });

  it('deleting a story that never left the outbox just takes it out, with its waiting edits', async () => {
    const { server, outbox } = ctx;
    server.state.online = false;
    const story = await outbox.add(feature());
    await outbox.change(story.id, 'update', { patch: { type: 'Feature', properties: { title: 'Nieuw' } } });
    expect(await outbox.change(story.id, 'delete')).toBeNull();
    expect(await outbox.list()).toEqual([]);
    server.state.online = true;
    await outbox.flush();
    expect(server.state.requests.filter((r) => !r.endsWith('/csrf'))).toEqual([]);
  });

  it('keeps an edit the server refuses as failed, with the fields', async () => {
    const { server, outbox } = ctx;
    const story = await outbox.add(feature());
    await outbox.flush();
    server.state.failNextWith = { status: 422, slug: 'validation-error', errors: { geometry: ['Te veel punten'] } };
    const item = await outbox.change(story.id, 'update', { patch: { type: 'Feature', geometry: null } });
    await outbox.flush();
    const failed = (await outbox.list()).find((i) => i.id === item.id);
    expect(failed.state).toBe('failed');
    expect(failed.story_sent).toBe(false);
    expect(failed.error.errors).toEqual({ geometry: ['Te veel punten'] });
  });
});

// @vitest-environment node
import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../src/api.js';
import { createOutbox, uuid } from '../src/offline/outbox.js';
import { fakeServer } from './fake-server.js';

let n = 0;
function setup(options) {
  const server = fakeServer(options);
  const api = createApi({ fetch: server.fetch, XHR: null });
  n += 1;
  const outbox = createOutbox({ api, store: createStore(`outbox-test-${n}`, 'items'), lock: (fn) => fn() });
  return { server, api, outbox };
}
const feature = (title = 'Schaatsen') => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [6.56, 52.99] },
  properties: { kind: 'memory', title, consent: true },
});
const photo = () => ({
  file: new Blob(['jpeg bytes'], { type: 'image/jpeg' }),
  filename: 'a.jpg',
  caption: 'De brink',
  alt: 'Een brink met eiken',
});

describe('outbox', () => {
  let ctx;
  beforeEach(() => (ctx = setup()));

  it('queues offline and sends exactly once when the connection returns', async () => {
    const { server, outbox } = ctx;
    server.state.online = false;
    const item = await outbox.add(feature(), [photo()]);
    expect((await outbox.flush()).pending).toBe(1);
    expect((await outbox.list())[0].state).toBe('pending');
    server.state.online = true;
    const summary = await outbox.flush();
    expect(summary.sent).toBe(1);
    expect(server.state.stories.size).toBe(1);
    expect(server.state.stories.has(item.id)).toBe(true);
    expect(server.state.photos.size).toBe(1);
    await outbox.flush();
    expect(server.state.requests.filter((r) => r === 'POST /api/v1/stories')).toHaveLength(1);
  });

  it('fetches a fresh CSRF token before each replay', async () => {
    const { server, outbox } = ctx;
    await outbox.add(feature());
    await outbox.flush();
    await outbox.add(feature('Tweede'));
    await outbox.flush();
    expect(server.state.tokenFetches).toBe(2);
  });

  it('a replay after a lost answer does not duplicate the story or its photo', async () => {
    const { server, outbox } = ctx;
    const item = await outbox.add(feature(), [photo()]);
    // The server got the story but the answer never came back: the item is still "sending".
    server.state.stories.set(item.id, {
      ...item.feature,
      properties: { ...item.feature.properties, status: 'pending' },
    });
    await outbox.flush();
    expect(server.state.stories.size).toBe(1);
    expect(server.state.photos.size).toBe(1);
    expect((await outbox.list())[0].state).toBe('sent');
  });

  it('keeps a story the server refuses as failed, with the reason, until retried or deleted', async () => {
    const { server, outbox } = ctx;
    server.state.failNextWith = {
      status: 422,
      slug: 'validation-error',
      title: 'Some fields are not valid',
      errors: { geometry: ['outside the region'] },
    };
    const item = await outbox.add(feature());
    expect((await outbox.flush()).failed).toBe(1);
    const [failed] = await outbox.list();
    expect(failed.state).toBe('failed');
    expect(failed.error.errors.geometry[0]).toMatch(/outside/);
    await outbox.retry(item.id);
    expect((await outbox.list())[0].state).toBe('sent');
    await outbox.remove(item.id);
    expect(await outbox.list()).toEqual([]);
  });

  it('a server without photo uploads keeps the story and marks the photos unsupported', async () => {
    const { server } = ctx;
    const original = server.fetch;
    const api = createApi({
      fetch: (url, init) =>
        String(url).includes('/photos')
          ? Promise.resolve(
              new Response('{"type":"urn:verhalenkaart:problem:not-found","status":404}', { status: 404 }),
            )
          : original(url, init),
      XHR: null,
    });
    const box = createOutbox({ api, store: createStore('outbox-nophotos', 'items'), lock: (fn) => fn() });
    await box.add(feature(), [photo()]);
    await box.flush();
    const [item] = await box.list();
    expect(item.state).toBe('sent');
    expect(item.photos[0].unsupported).toBe(true);
    expect(server.state.stories.size).toBe(1);
  });

  it('sends items in the order they were made and stops at the first network failure', async () => {
    const { server, outbox } = ctx;
    await outbox.add(feature('Eerste'));
    await new Promise((r) => setTimeout(r, 2));
    await outbox.add(feature('Tweede'));
    const order = [];
    const original = server.fetch;
    server.fetch = original;
    await outbox.flush();
    for (const story of server.state.stories.values()) order.push(story.properties.title);
    expect(order).toEqual(['Eerste', 'Tweede']);
  });

  it('prunes sent items', async () => {
    const { outbox } = ctx;
    await outbox.add(feature());
    await outbox.flush();
    await outbox.pruneSent(0);
    expect(await outbox.list()).toEqual([]);
  });

  it('makes RFC 4122 version 4 UUIDs', () => {
    expect(uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

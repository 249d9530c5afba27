// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ApiError, createApi, toQuery } from '../src/api.js';
import { fakeServer } from './fake-server.js';

const feature = (id) => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [6.56, 52.99] },
  properties: { kind: 'memory', title: 'T', consent: true },
});

describe('api client', () => {
  it('fetches a CSRF token before the first write and sends it', async () => {
    const server = fakeServer();
    const api = createApi({ fetch: server.fetch });
    await api.createStory(feature('a'));
    expect(server.state.requests).toEqual(['GET /api/v1/auth/csrf', 'POST /api/v1/stories']);
    expect(server.state.stories.has('a')).toBe(true);
  });

  it('on an expired token fetches a new one and retries exactly once', async () => {
    const server = fakeServer();
    const api = createApi({ fetch: server.fetch });
    await api.csrf();
    server.state.expireNext = true;
    await api.createStory(feature('b'));
    expect(server.state.requests.filter((r) => r === 'POST /api/v1/stories')).toHaveLength(2);
    expect(server.state.tokenFetches).toBe(2);
  });

  it('gives up after one retry when the token stays invalid', async () => {
    const server = fakeServer();
    const api = createApi({ fetch: server.fetch });
    await api.csrf();
    server.state.token = 'rotated-elsewhere';
    const originalFetch = server.fetch;
    const api2 = createApi({
      fetch: (url, init) =>
        String(url).endsWith('/auth/csrf')
          ? Promise.resolve(new Response(JSON.stringify({ csrf_token: 'wrong' }), { status: 200 }))
          : originalFetch(url, init),
    });
    await expect(api2.createStory(feature('c'))).rejects.toMatchObject({ status: 403, slug: 'csrf-invalid' });
    expect(server.state.requests.filter((r) => r === 'POST /api/v1/stories')).toHaveLength(2);
  });

  it('writes without a token while the server has no CSRF endpoint (404)', async () => {
    const server = fakeServer({ csrf: false });
    const api = createApi({ fetch: server.fetch });
    await api.createStory(feature('d'));
    await api.createStory(feature('e'));
    expect(server.state.requests.filter((r) => r.includes('csrf'))).toHaveLength(1);
  });

  it('parses GeoJSON answered as application/geo+json (the list, a story, the map)', async () => {
    const collection = { type: 'FeatureCollection', features: [feature('g')], links: [] };
    const geojson = (body) =>
      Promise.resolve(
        new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/geo+json' } }),
      );
    const api = createApi({
      fetch: (url) => geojson(String(url).includes('/stories/g') ? feature('g') : collection),
    });
    expect(await api.stories()).toEqual(collection);
    expect(await api.story('g')).toEqual(feature('g'));
    expect((await api.map([6.1, 52.6, 7.1, 53.2], 10)).type).toBe('FeatureCollection');
  });

  it('turns problem+json into an ApiError with field errors', async () => {
    const server = fakeServer();
    const api = createApi({ fetch: server.fetch });
    server.state.failNextWith = {
      status: 422,
      slug: 'validation-error',
      title: 'Some fields are not valid',
      errors: { title: ['Missing data for required field.'] },
    };
    const error = await api.createStory(feature('f')).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.errors.title[0]).toMatch(/required/);
    expect(error.retryable).toBe(false);
  });

  it('marks network failures as retryable', async () => {
    const server = fakeServer();
    server.state.online = false;
    const api = createApi({ fetch: server.fetch });
    const error = await api.stories().catch((e) => e);
    expect(error.network).toBe(true);
    expect(error.retryable).toBe(true);
  });

  it('sends the UI language so problems come back in it', async () => {
    let seen;
    const api = createApi({
      fetch: async (_url, init) => {
        seen = init.headers['Accept-Language'];
        return new Response('{"type":"FeatureCollection","features":[]}', { status: 200 });
      },
      language: () => 'en',
    });
    await api.stories({ kind: 'memory' });
    expect(seen).toBe('en');
  });

  it('builds query strings without empty values', () => {
    expect(toQuery({ kind: ['memory', 'wish'], theme: '', era_from: 0, q: null })).toBe(
      '?kind=memory%2Cwish&era_from=0',
    );
    expect(toQuery({})).toBe('');
  });
});

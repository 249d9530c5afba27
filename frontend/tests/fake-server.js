// A tiny in-memory stand-in for the HTTP server (the network is outside our code), speaking the
// API's contract: idempotent creates by client UUID, CSRF tokens, problem+json errors.
export function fakeServer({ csrf = true } = {}) {
  const state = {
    stories: new Map(),
    photos: new Map(),
    audio: new Map(),
    deleted: new Set(),
    token: 'tok-1',
    tokenFetches: 0,
    online: true,
    requests: [],
    failNextWith: null,
    expireNext: false,
  };
  async function fetchImpl(url, init = {}) {
    const method = init.method || 'GET';
    const path = new URL(url, 'http://x').pathname;
    state.requests.push(`${method} ${path}`);
    if (!state.online) throw new TypeError('Failed to fetch');
    const json = (status, body, type = 'application/json') =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
    const problem = (status, slug, title = slug, errors) =>
      json(status, { type: `urn:verhalenkaart:problem:${slug}`, title, status, errors }, 'application/problem+json');
    if (path === '/api/v1/auth/csrf') {
      if (!csrf) return problem(404, 'not-found');
      state.tokenFetches += 1;
      state.token = `tok-${state.tokenFetches}`;
      return json(200, { csrf_token: state.token });
    }
    if (method !== 'GET' && csrf) {
      if (state.expireNext) {
        state.expireNext = false;
        return problem(403, 'csrf-expired');
      }
      if (init.headers?.['X-CSRF-Token'] !== state.token) return problem(403, 'csrf-invalid');
    }
    if (state.failNextWith) {
      const failure = state.failNextWith;
      state.failNextWith = null;
      return problem(failure.status, failure.slug, failure.title, failure.errors);
    }
    const photoMatch = path.match(/^\/api\/v1\/stories\/([^/]+)\/photos$/);
    if (method === 'POST' && path === '/api/v1/stories') {
      const feature = JSON.parse(init.body);
      if (state.stories.has(feature.id)) return json(200, state.stories.get(feature.id));
      const stored = { ...feature, properties: { ...feature.properties, status: 'pending' } };
      state.stories.set(feature.id, stored);
      return json(201, stored);
    }
    if (method === 'POST' && photoMatch) {
      const form = init.body;
      const id = form.get('id');
      if (!state.stories.has(photoMatch[1])) return problem(404, 'not-found');
      if (state.photos.has(id)) return json(200, state.photos.get(id));
      const photo = {
        id,
        story: photoMatch[1],
        caption: form.get('caption') || '',
        alt: form.get('alt') || '',
        size: form.get('file').size,
        urls: {},
        suggestion: null,
      };
      state.photos.set(id, photo);
      return json(201, photo);
    }
    const storyMatch = path.match(/^\/api\/v1\/stories\/([^/]+)$/);
    if (method === 'PATCH' && storyMatch) {
      const stored = state.stories.get(storyMatch[1]);
      if (!stored) return problem(404, 'not-found');
      const patch = JSON.parse(init.body);
      const changed = {
        ...stored,
        geometry: patch.geometry || stored.geometry,
        properties: { ...stored.properties, ...(patch.properties || {}) },
      };
      state.stories.set(storyMatch[1], changed);
      return json(200, changed);
    }
    const consentMatch = path.match(/^\/api\/v1\/stories\/([^/]+)\/consent$/);
    if ((method === 'DELETE' && storyMatch) || (method === 'POST' && consentMatch)) {
      const id = (storyMatch || consentMatch)[1];
      if (!state.stories.has(id)) return problem(404, 'not-found');
      state.stories.delete(id);
      state.deleted.add(id);
      return method === 'DELETE' ? new Response(null, { status: 204 }) : json(200, { consent: false });
    }
    const audioMatch = path.match(/^\/api\/v1\/stories\/([^/]+)\/audio$/);
    if (method === 'POST' && audioMatch) {
      const form = init.body;
      const id = form.get('id');
      if (!state.stories.has(audioMatch[1])) return problem(404, 'not-found');
      if (state.audio.has(id)) return json(200, state.audio.get(id));
      const rec = {
        id,
        story: audioMatch[1],
        transcript: form.get('transcript') || '',
        url: `/media/audio/${id}.webm`,
      };
      state.audio.set(id, rec);
      return json(201, rec);
    }
    const mediaMatch = path.match(/^\/api\/v1\/stories\/([^/]+)\/(photos|audio)\/([^/]+)$/);
    if (method === 'PATCH' && mediaMatch) {
      const store = state[mediaMatch[2]];
      if (!store.has(mediaMatch[3])) return problem(404, 'not-found');
      const changed = { ...store.get(mediaMatch[3]), ...JSON.parse(init.body) };
      store.set(mediaMatch[3], changed);
      return json(200, changed);
    }
    if (method === 'DELETE' && mediaMatch) {
      const store = state[mediaMatch[2]];
      if (!store.has(mediaMatch[3])) return problem(404, 'not-found');
      store.delete(mediaMatch[3]);
      return new Response(null, { status: 204 });
    }
    if (method === 'GET' && path === '/api/v1/stories')
      return json(200, { type: 'FeatureCollection', features: [...state.stories.values()], links: [] });
    return problem(404, 'not-found');
  }
  return { state, fetch: fetchImpl };
}

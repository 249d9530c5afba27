// The one module that talks to the server: same-origin credentials, the CSRF token on every
// write (fetched fresh when asked, retried once on a csrf problem), problem+json → ApiError.

const CSRF_PROBLEMS = new Set(['urn:verhalenkaart:problem:csrf-invalid', 'urn:verhalenkaart:problem:csrf-expired']);
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class ApiError extends Error {
  constructor({ status = 0, type = '', title = '', detail = '', errors = null, network = false } = {}) {
    super(detail || title || (network ? 'network error' : `HTTP ${status}`));
    this.name = 'ApiError';
    this.status = status;
    this.type = type;
    this.title = title;
    this.detail = detail;
    this.errors = errors || {};
    this.network = network;
  }

  /** The problem's slug, e.g. 'validation-error'. */
  get slug() {
    return this.type.replace('urn:verhalenkaart:problem:', '');
  }

  /** Worth trying again later (offline, server down, rate-limited), not the request's fault. */
  get retryable() {
    return this.network || this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

function toQuery(params = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) search.set(key, value.join(','));
    } else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function problemFrom(response) {
  let body = {};
  try {
    body = await response.json();
  } catch {
    /* not JSON */
  }
  return new ApiError({
    status: response.status,
    type: body.type || '',
    title: body.title || response.statusText,
    detail: body.detail || '',
    errors: body.errors,
  });
}

/**
 * createApi({fetch, base, language}) — `fetch` defaults to the global one; `language` is a
 * function giving the UI language for Accept-Language (problem texts come back in it).
 */
export function createApi({ fetch: fetchImpl, base = '', language = () => 'nl', XHR } = {}) {
  const doFetch = (...args) => (fetchImpl || globalThis.fetch)(...args);
  let csrfToken = null;
  let csrfMissing = false; // the server has no CSRF endpoint (yet): writes go without a token

  async function csrf(force = false) {
    if (!force && (csrfToken || csrfMissing)) return csrfToken;
    let response;
    try {
      response = await doFetch(`${base}/api/v1/auth/csrf`, {
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { Accept: 'application/json' },
      });
    } catch {
      throw new ApiError({ network: true });
    }
    if (response.status === 404) {
      csrfMissing = true;
      csrfToken = null;
      return null;
    }
    if (!response.ok) throw await problemFrom(response);
    csrfMissing = false;
    csrfToken = (await response.json()).csrf_token || null;
    return csrfToken;
  }

  function headersFor(method, extra = {}) {
    const headers = {
      Accept: 'application/json, application/geo+json, application/problem+json',
      'Accept-Language': language(),
      ...extra,
    };
    if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    return headers;
  }

  /** request('POST', '/stories', {json}) → parsed JSON (or null for an empty body). */
  async function request(method, path, { json, query, headers, signal, retry = true } = {}) {
    if (UNSAFE.has(method)) await csrf();
    const init = { method, credentials: 'same-origin', headers: headersFor(method, headers), signal };
    if (json !== undefined) {
      init.body = JSON.stringify(json);
      init.headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
      response = await doFetch(`${base}/api/v1${path}${toQuery(query)}`, init);
    } catch (error) {
      if (error?.name === 'AbortError') throw error;
      throw new ApiError({ network: true });
    }
    if (!response.ok) {
      const problem = await problemFrom(response);
      if (retry && response.status === 403 && CSRF_PROBLEMS.has(problem.type)) {
        await csrf(true);
        return request(method, path, { json, query, headers, signal, retry: false });
      }
      throw problem;
    }
    if (response.status === 204) return null;
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  /** Multipart upload with progress (XHR where there is one, fetch elsewhere, e.g. a worker). */
  async function upload(path, formData, { onProgress, retry = true, method = 'POST' } = {}) {
    await csrf();
    const Xhr = XHR === undefined ? globalThis.XMLHttpRequest : XHR;
    let result;
    if (Xhr) {
      result = await new Promise((resolve, reject) => {
        const xhr = new Xhr();
        xhr.open(method, `${base}/api/v1${path}`);
        xhr.withCredentials = true;
        for (const [key, value] of Object.entries(headersFor(method))) xhr.setRequestHeader(key, value);
        if (xhr.upload && onProgress)
          xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
        xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
        xhr.onerror = () => reject(new ApiError({ network: true }));
        xhr.ontimeout = xhr.onerror;
        xhr.send(formData);
      });
    } else {
      let response;
      try {
        response = await doFetch(`${base}/api/v1${path}`, {
          method,
          credentials: 'same-origin',
          headers: headersFor(method),
          body: formData,
        });
      } catch {
        throw new ApiError({ network: true });
      }
      result = { status: response.status, text: await response.text() };
    }
    let body = {};
    try {
      body = result.text ? JSON.parse(result.text) : {};
    } catch {
      /* not JSON */
    }
    if (result.status >= 200 && result.status < 300) {
      onProgress?.(1);
      return body;
    }
    const problem = new ApiError({
      status: result.status,
      type: body.type || '',
      title: body.title || '',
      detail: body.detail || '',
      errors: body.errors,
    });
    if (retry && result.status === 403 && CSRF_PROBLEMS.has(problem.type)) {
      await csrf(true);
      return upload(path, formData, { onProgress, retry: false, method });
    }
    throw problem;
  }

  return {
    request,
    upload,
    csrf,
    config: () => request('GET', '/config'),
    themes: () => request('GET', '/themes'),
    places: (q, limit = 8) => request('GET', '/places', { query: { q, limit } }),
    map: (bbox, zoom, filters = {}, signal) =>
      request('GET', '/map', { query: { bbox: bbox.join(','), zoom, ...filters }, signal }),
    stories: (filters = {}, cursor, limit = 50) => request('GET', '/stories', { query: { ...filters, cursor, limit } }),
    story: (id) => request('GET', `/stories/${encodeURIComponent(id)}`),
    createStory: (feature) => request('POST', '/stories', { json: feature }),
    uploadPhoto: (storyId, { id, file, filename, caption, alt }, onProgress) => {
      const form = new FormData();
      form.append('file', file, filename || file.name || 'photo.jpg');
      if (caption) form.append('caption', caption);
      if (alt) form.append('alt', alt);
      if (id) form.append('id', id);
      return upload(`/stories/${encodeURIComponent(storyId)}/photos`, form, { onProgress });
    },
    // your own story after sending: edit, delete, withdraw consent, recordings (the outbox's)
    updateStory: (id, patch) => request('PATCH', `/stories/${encodeURIComponent(id)}`, { json: patch }),
    deleteStory: (id) => request('DELETE', `/stories/${encodeURIComponent(id)}`),
    setConsent: (id, consent) => request('POST', `/stories/${encodeURIComponent(id)}/consent`, { json: { consent } }),
    /** kind: 'photos' | 'audio'; changes: {caption, alt} or {transcript}. */
    updateMedia: (id, kind, mediaId, changes) =>
      request('PATCH', `/stories/${encodeURIComponent(id)}/${kind}/${encodeURIComponent(mediaId)}`, {
        json: changes,
      }),
    /** kind: 'photos' | 'audio'. */
    removeMedia: (id, kind, mediaId) =>
      request('DELETE', `/stories/${encodeURIComponent(id)}/${kind}/${encodeURIComponent(mediaId)}`),
    uploadAudio: (storyId, { id, file, filename, transcript }, onProgress) => {
      const form = new FormData();
      form.append('file', file, filename || 'recording.webm');
      if (transcript) form.append('transcript', transcript);
      if (id) form.append('id', id);
      return upload(`/stories/${encodeURIComponent(storyId)}/audio`, form, { onProgress });
    },
    nearestPlace: ([lon, lat], signal) => request('GET', '/places/nearest', { query: { lon, lat }, signal }),
    reactions: (id) => request('GET', `/stories/${encodeURIComponent(id)}/reactions`),
    react: (id, on) => request(on ? 'POST' : 'DELETE', `/stories/${encodeURIComponent(id)}/reactions`),
    comments: (id) => request('GET', `/stories/${encodeURIComponent(id)}/comments`),
    comment: (id, body, commentId) =>
      request('POST', `/stories/${encodeURIComponent(id)}/comments`, { json: { body, id: commentId } }),
    report: (id, reason, note) =>
      request('POST', `/stories/${encodeURIComponent(id)}/reports`, { json: { reason, note } }),
    me: () => request('GET', '/auth/me'),
    login: (email, password) => request('POST', '/auth/login', { json: { email, password } }),
    register: (email, password, display_name) =>
      request('POST', '/auth/register', { json: { email, password, display_name } }),
    registerConfirm: (token) => request('POST', '/auth/register/confirm', { json: { token } }),
    logout: () => request('POST', '/auth/logout'),
    myStories: () => request('GET', '/me/stories'),
    passwordReset: (email) => request('POST', '/auth/password-reset', { json: { email } }),
    passwordResetConfirm: (token, password) =>
      request('POST', '/auth/password-reset/confirm', { json: { token, password } }),
    changePassword: (current_password, new_password) =>
      request('POST', '/auth/password', { json: { current_password, new_password } }),
    // collections (exhibitions and routes) and the QR codes printed with them
    collections: (status = 'published', cursor) => request('GET', '/collections', { query: { status, cursor } }),
    collection: (slug, view = 'public') =>
      request('GET', `/collections/${encodeURIComponent(slug)}`, { query: view === 'public' ? {} : { view } }),
    createCollection: (body) => request('POST', '/collections', { json: body }),
    updateCollection: (slug, body) => request('PATCH', `/collections/${encodeURIComponent(slug)}`, { json: body }),
    deleteCollection: (slug) => request('DELETE', `/collections/${encodeURIComponent(slug)}`),
    addToCollection: (slug, story, note = '') =>
      request('POST', `/collections/${encodeURIComponent(slug)}/items`, { json: { story, note } }),
    // --- the curators' workbench: moderation desk and insight ---------------------------------
    moderationQueue: (filters = {}, cursor, limit = 50) =>
      request('GET', '/moderation/queue', { query: { ...filters, cursor, limit } }),
    moderationReasons: () => request('GET', '/moderation/reasons'),
    /** kind: 'stories' | 'comments'; decision: {action, reason_code, message}. */
    moderate: (kind, id, decision) =>
      request('POST', `/moderation/${kind}/${encodeURIComponent(id)}`, { json: decision }),
    /** items: [{type: 'story'|'comment', id}]. */
    moderateBulk: (items, decision) => request('POST', '/moderation/bulk', { json: { ...decision, items } }),
    moderationAudit: (filters = {}, cursor, limit = 50) =>
      request('GET', '/moderation/audit', { query: { ...filters, cursor, limit } }),
    stats: (filters = {}) => request('GET', '/stats', { query: filters }),
    statsOrigins: (filters = {}) => request('GET', '/stats/origins', { query: filters }),
    // context layers (docs/layers.md)
    layers: () => request('GET', '/layers'),
    layerData: (slug, signal) => request('GET', `/layers/${encodeURIComponent(slug)}/data`, { signal }),
    createLayer: (form, onProgress) => upload('/layers', form, { onProgress }),
    /** changes: a FormData (with a new file) or a plain object (JSON). */
    updateLayer: (slug, changes, onProgress) =>
      changes instanceof FormData
        ? upload(`/layers/${encodeURIComponent(slug)}`, changes, { onProgress, method: 'PATCH' })
        : request('PATCH', `/layers/${encodeURIComponent(slug)}`, { json: changes }),
    deleteLayer: (slug) => request('DELETE', `/layers/${encodeURIComponent(slug)}`),
  };
}

export { toQuery };

/** The address of the QR code (SVG, drawn by our own server) for a path on this site. */
export function qrSrc(path, origin = globalThis.location?.origin || '') {
  return `/api/v1/qr${toQuery({ url: new URL(path, origin).href })}`;
}

/** A basemap tile from its own server (CORS, no cookies), for the field-trip cache (ui/schools/). */
export async function fetchTile(url) {
  let response;
  try {
    response = await fetch(url, { mode: 'cors', credentials: 'omit' });
  } catch {
    throw new ApiError({ network: true });
  }
  if (!response.ok) throw new ApiError({ status: response.status });
  return response;
}

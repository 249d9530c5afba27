/* The service worker: the app shell precached, API reads network-first with a cached fallback,
   map tiles and photos cached at runtime within a bound, and the outbox sent by Background
   Sync where the browser has it. */

import { clientsClaim } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst, StaleWhileRevalidate } from 'workbox-strategies';
import { createApi } from './api.js';
import { createOutbox } from './offline/outbox.js';

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// The first visit is served by the worker as soon as it is active, so going offline right after
// the first visit already works. Updates still wait for the user's "reload" (SKIP_WAITING).
clientsClaim();

// Navigations get the precached shell, and the status the server would give: 404 for a path
// that is none of the app's pages (app.js ROUTES, put in by the build as __APP_ROUTES__; the
// server reads the same list from app-routes.json), so a mistyped link is no soft 404 offline
// or online. The app itself says "this page does not exist".
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const APP_PAGES = __APP_ROUTES__.map(
  (pattern) =>
    new RegExp(
      `^${pattern
        .split(/(:\w+)/)
        .map((part) => (part.startsWith(':') ? '[^/]+' : escapeRegExp(part)))
        .join('')}/?$`,
    ),
);
const appShell = createHandlerBoundToURL('/index.html');
registerRoute(
  new NavigationRoute(
    async (options) => {
      const { pathname } = options.url; // read first: the shell's handler swaps options.request
      const response = await appShell(options);
      if (!response.ok || APP_PAGES.some((page) => page.test(pathname))) return response;
      return new Response(response.body, { status: 404, statusText: 'Not Found', headers: response.headers });
    },
    { denylist: [/^\/api\//, /^\/media\//, /^\/ogc(\/|$)/, /^\/healthz/, /^\/readyz/] },
  ),
);

// Context layers too: a layer shown once stays available offline (network first).
const apiReads = /^\/api\/v1\/(config|themes|map|stories|places|layers)(\/|$|\?)/;
registerRoute(
  ({ url, request, sameOrigin }) =>
    sameOrigin &&
    request.method === 'GET' &&
    apiReads.test(url.pathname) &&
    !url.pathname.includes('/reactions') &&
    !url.pathname.includes('/comments'),
  new NetworkFirst({
    cacheName: 'api-reads',
    networkTimeoutSeconds: 6,
    plugins: [new ExpirationPlugin({ maxEntries: 150, maxAgeSeconds: 7 * 24 * 3600 })],
  }),
);
// A curator's preview of a draft must not stay on the device for the next person: only
// published collections are cached.
const publishedOnly = {
  cacheWillUpdate: async ({ response }) => {
    if (response?.status !== 200) return null;
    try {
      return (await response.clone().json()).status === 'published' ? response : null;
    } catch {
      return null;
    }
  },
};
// Exhibitions: the tour and the kiosk keep working offline once opened. Their collection is
// read network-first (curators' changes arrive when the network returns); QR codes never change.
registerRoute(
  ({ url, request, sameOrigin }) =>
    sameOrigin && request.method === 'GET' && /^\/api\/v1\/collections\/[^/]+$/.test(url.pathname) && !url.search,
  new NetworkFirst({
    cacheName: 'collections',
    networkTimeoutSeconds: 6,
    plugins: [publishedOnly, new ExpirationPlugin({ maxEntries: 30, maxAgeSeconds: 30 * 24 * 3600 })],
  }),
);
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname === '/api/v1/qr',
  new CacheFirst({
    cacheName: 'qr-codes',
    plugins: [new ExpirationPlugin({ maxEntries: 300, maxAgeSeconds: 90 * 24 * 3600 })],
  }),
);
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/media/'),
  new CacheFirst({
    cacheName: 'media',
    plugins: [new ExpirationPlugin({ maxEntries: 120, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true })],
  }),
);
// Schools: a project and its class map stay readable on a field trip (docs/schools.md). Never
// the class list, codes, QR or export: those stay online only.
registerRoute(
  ({ url, request, sameOrigin }) =>
    sameOrigin && request.method === 'GET' && /^\/api\/v1\/projects\/[^/]+(\/stories)?$/.test(url.pathname),
  new NetworkFirst({
    cacheName: 'api-reads',
    networkTimeoutSeconds: 6,
    plugins: [new ExpirationPlugin({ maxEntries: 150, maxAgeSeconds: 7 * 24 * 3600 })],
  }),
);
// Basemap tiles (other origins): a bounded cache, so a trip back to a village works offline.
// Tiles a teacher prepared for a field trip (ui/schools/offline-trip.js) come from their own
// cache first, without revalidating: outside there is no signal to revalidate with.
const tiles = new StaleWhileRevalidate({
  cacheName: 'tiles',
  plugins: [new ExpirationPlugin({ maxEntries: 600, maxAgeSeconds: 14 * 24 * 3600, purgeOnQuotaError: true })],
});
registerRoute(
  ({ request, sameOrigin }) => !sameOrigin && request.destination === 'image',
  async (options) => {
    const trip = await caches.open('trip-tiles');
    return (await trip.match(options.request.url, { ignoreVary: true })) || tiles.handle(options);
  },
);

self.addEventListener('message', (event) => {
  if (event.data?.type === 'SKIP_WAITING') self.skipWaiting();
});

const api = createApi({ language: () => 'nl' });
const outbox = createOutbox({
  api,
  notify(item) {
    new BroadcastChannel('verhalenkaart-outbox').postMessage({
      id: item.id,
      state: item.state,
      progress: item.progress,
      removed: item.removed,
    });
  },
});

self.addEventListener('sync', (event) => {
  if (event.tag !== 'outbox') return;
  event.waitUntil(
    outbox.flush().then(async (summary) => {
      for (const client of await self.clients.matchAll()) client.postMessage({ type: 'outbox-flushed', summary });
      if (summary.pending) throw new Error('still offline'); // the browser retries later
    }),
  );
});

// Shared app state: the API client, the outbox, settings, the signed-in user, filters.
import { createApi } from './api.js';
import { currentLanguage } from './i18n/index.js';
import { createOutbox } from './offline/outbox.js';

export const api = createApi({ language: currentLanguage });

const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel('verhalenkaart-outbox') : null;
const outboxListeners = new Set();
export function onOutboxChange(fn) {
  outboxListeners.add(fn);
  return () => outboxListeners.delete(fn);
}
const fire = (item) => {
  for (const fn of outboxListeners) fn(item);
};
channel?.addEventListener('message', (event) => fire(event.data));

export const outbox = createOutbox({
  api,
  notify(item) {
    const summary = { id: item.id, state: item.state, progress: item.progress, removed: item.removed };
    fire(summary);
    channel?.postMessage(summary);
  },
});

export const DEFAULT_CONFIG = {
  region: { name: 'Drenthe', bbox: [6.1, 52.6, 7.1, 53.2], labels: [] },
  basemaps: [],
  moderation: 'pre',
  anonymous_contributions: false,
  photos: {
    max_bytes: 25 * 1024 * 1024,
    max_per_story: 8,
    max_dimension: 2560,
    accepted_types: ['image/jpeg', 'image/png', 'image/webp'],
  },
};

export const app = {
  config: DEFAULT_CONFIG,
  themes: [],
  user: undefined, // undefined: not asked yet; null: anonymous
};

let configPromise;
export function loadConfig() {
  configPromise ||= api
    .config()
    .then((config) => (app.config = { ...DEFAULT_CONFIG, ...config }))
    .catch(() => app.config);
  return configPromise;
}

let themesPromise;
export function loadThemes() {
  themesPromise ||= api
    .themes()
    .then((themes) => (app.themes = themes))
    .catch(() => {
      themesPromise = null;
      return app.themes;
    });
  return themesPromise;
}

export function themeName(slug) {
  const theme = app.themes.find((th) => th.slug === slug);
  if (!theme) return slug;
  return currentLanguage() === 'en' ? theme.name_en : theme.name_nl;
}

const userListeners = new Set();
export function onUserChange(fn) {
  userListeners.add(fn);
}
const SIGNED_IN = 'verhalenkaart.signedIn';
const LAST_USER = 'verhalenkaart.user';
function rememberSignedIn(user) {
  try {
    if (user) {
      localStorage.setItem(SIGNED_IN, '1');
      // Only what the top and tab bars need while offline (a pupil's project slug); never the e-mail.
      localStorage.setItem(
        LAST_USER,
        JSON.stringify({ display_name: user.display_name, role: user.role, project: user.project || undefined }),
      );
    } else {
      localStorage.removeItem(SIGNED_IN);
      localStorage.removeItem(LAST_USER);
    }
  } catch {
    /* storage blocked: we simply ask the server each time */
  }
}
function maybeSignedIn() {
  try {
    return (
      localStorage.getItem(SIGNED_IN) === '1' ||
      (localStorage.getItem(SIGNED_IN) === null && !localStorage.getItem('verhalenkaart.asked'))
    );
  } catch {
    return true;
  }
}
export function setUser(user) {
  // Logging out (or closing the account) forgets cached API answers: they may hold this
  // user's unpublished stories, which must not show offline to the next person on the device.
  if (!user && app.user && globalThis.caches) caches.delete('api-reads').catch(() => {});
  app.user = user;
  rememberSignedIn(user);
  try {
    localStorage.setItem('verhalenkaart.asked', '1');
  } catch {
    /* ignore */
  }
  for (const fn of userListeners) fn(user);
}
export async function loadUser() {
  // Visitors who never logged in on this device are not asked about (no 401 on every start).
  if (!maybeSignedIn()) {
    setUser(null);
    return null;
  }
  try {
    setUser(await api.me());
  } catch (error) {
    if (error.status === 401 || error.status === 404) setUser(null);
    else if (error.network) {
      // Offline: assume the session we last saw (the server decides when we send).
      try {
        const last = JSON.parse(localStorage.getItem(LAST_USER) || 'null');
        if (last) {
          app.user = last;
          for (const fn of userListeners) fn(last);
        }
      } catch {
        /* ignore */
      }
    }
  }
  return app.user;
}

// Filters shared by the map and the list, mirrored in the URL's query string.
const filterListeners = new Set();
export const filters = { kinds: [], theme: '', period: '', era_from: '', era_to: '', undated: false };
const yearParam = (value) => (/^-?\d{1,5}$/.test(value || '') ? value : '');
export function readFiltersFromUrl() {
  const params = new URLSearchParams(location.search);
  filters.kinds = (params.get('soort') || '')
    .split(',')
    .filter((k) => ['memory', 'story', 'photo', 'wish'].includes(k));
  filters.theme = params.get('thema') || '';
  filters.period = ['was', 'is', 'wordt'].includes(params.get('tijd')) ? params.get('tijd') : '';
  filters.era_from = yearParam(params.get('van'));
  filters.era_to = yearParam(params.get('tot'));
  filters.undated = params.get('zonderjaar') === '1';
}
export function filtersSearch() {
  const params = new URLSearchParams();
  if (filters.kinds.length) params.set('soort', filters.kinds.join(','));
  if (filters.theme) params.set('thema', filters.theme);
  if (filters.period) params.set('tijd', filters.period);
  if (filters.era_from !== '') params.set('van', filters.era_from);
  if (filters.era_to !== '') params.set('tot', filters.era_to);
  if (filters.undated && (filters.era_from !== '' || filters.era_to !== '')) params.set('zonderjaar', '1');
  const text = params.toString();
  return text ? `?${text}` : '';
}
export function setFilters(next) {
  Object.assign(filters, next);
  history.replaceState(history.state, '', location.pathname + filtersSearch());
  for (const fn of filterListeners) fn(filters);
}
export function onFiltersChange(fn) {
  filterListeners.add(fn);
  return () => filterListeners.delete(fn);
}

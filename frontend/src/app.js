// The app: which screen a path shows, the frame around the screens (top bar, tab bar), when the
// outbox is sent, installing and the service worker. main.js creates one and starts it; the
// pieces themselves only know their own elements and report through callbacks.
import { currentLanguage, onLanguageChange, preferredLanguage, setLanguage, t, translateStatic } from './i18n/index.js';
import { captureInstallPrompt } from './install-prompt.js';
import { match, route, startRouter } from './router.js';
import {
  app as appState,
  filtersSearch,
  loadConfig,
  loadUser,
  onFiltersChange,
  onOutboxChange,
  onUserChange,
  outbox,
  readFiltersFromUrl,
} from './state.js';
import { h } from './ui/dom.js';
import { announce } from './ui/status.js';
import { createTabBar } from './ui/tab-bar.js';
import { createTopBar } from './ui/top-bar.js';

// [path pattern, screen module (loaded when first shown), route name]; the map is always there.
const ROUTES = [
  ['/', null, 'map'],
  ['/lijst', () => import('./ui/list-view.js'), 'list'],
  ['/verhaal/:id', () => import('./ui/story-page.js'), 'story'],
  ['/nieuw', () => import('./ui/new-story/index.js'), 'new'],
  ['/verhaal/:id/bewerken', () => import('./ui/new-story/edit-screen.js'), 'edit'],
  ['/mijn', () => import('./ui/my-stories.js'), 'mine'],
  ['/inloggen', () => import('./ui/account.js'), 'login'],
  ['/registreren', () => import('./ui/account.js'), 'register'],
  ['/wachtwoord/vergeten', () => import('./ui/account.js'), 'forgot'],
  ['/wachtwoord/nieuw', () => import('./ui/account.js'), 'reset'],
  ['/uitbox', () => import('./ui/outbox-view.js'), 'outbox'],
  ['/privacy', () => import('./ui/privacy.js'), 'privacy'],
  // exhibitions and routes: curators' screens, the tour, the kiosk and print
  ['/exposities', () => import('./ui/collections/index.js'), 'collections'],
  ['/exposities/:slug', () => import('./ui/collections/index.js'), 'collection-edit'],
  ['/expositie/:slug', () => import('./ui/tour/index.js'), 'tour'],
  ['/expositie/:slug/:step', () => import('./ui/tour/index.js'), 'tour'],
  ['/kiosk/:slug', () => import('./ui/kiosk/index.js'), 'kiosk'],
  ['/druk/verhaal/:id', () => import('./ui/print/index.js'), 'print'],
  ['/druk/expositie/:slug/:format', () => import('./ui/print/index.js'), 'print'],
  // The curators' workbench (staff-menu.js links them by role).
  ['/moderatie', () => import('./ui/desk/index.js'), 'desk'],
  ['/moderatie/logboek', () => import('./ui/desk/audit.js'), 'audit'],
  ['/inzicht', () => import('./ui/dashboard/index.js'), 'dashboard'],
  ['/kaartlagen', () => import('./ui/layers/index.js'), 'layers'],
  // ── admin ──
  ['/beheer', () => import('./ui/admin/index.js'), 'admin'],
  ['/mijn/account', () => import('./ui/my-account/index.js'), 'my-account'],
  // ── end admin ──
  // ── schools ──
  ['/klas', () => import('./ui/schools/home.js'), 'schools'],
  ['/klas/nieuw', () => import('./ui/schools/project-form.js'), 'schools-new'],
  ['/klas/doe-mee', () => import('./ui/schools/join.js'), 'schools-join'],
  ['/klas/terug', () => import('./ui/schools/join.js'), 'schools-reenter'],
  ['/klas/:slug', () => import('./ui/schools/project-page.js'), 'schools-project'],
  ['/klas/:slug/kaart', () => import('./ui/schools/class-map.js'), 'schools-map'],
  ['/klas/:slug/kaarten', () => import('./ui/schools/print-sheets.js'), 'schools-cards'],
  ['/klas/:slug/boekje', () => import('./ui/schools/print-sheets.js'), 'schools-booklet'],
  // ── end schools ──
  // ── resident pages ──
  ['/plaats/:naam', () => import('./ui/place-page.js'), 'place'],
  // ── end resident pages ──
];

// The map screen (and Leaflet with it) loads when the map is first shown: a shared story or a
// place page opens without it (bench/lighthouse.py).
let mapScreenModule = null;
const loadMapScreen = () => {
  mapScreenModule ??= import('./ui/map-screen.js');
  return mapScreenModule;
};

const SENT_KEPT_MS = 24 * 3600 * 1000; // sent stories stay listed in the outbox for a day

/** createApp(doc = document) → {start()}; doc holds index.html's frame. */
export function createApp(doc = document) {
  const mapScreen = doc.querySelector('.map-screen');
  let page = doc.querySelector('.page'); // replaced once by the element a prerendered screen drew into
  const mainEl = doc.getElementById('main');
  const topBar = createTopBar(doc.querySelector('.topbar'), {
    onSwitchLanguage: () => setLanguage(currentLanguage() === 'nl' ? 'en' : 'nl'),
  });
  const tabBar = createTabBar(doc.querySelector('.tabbar'));
  const install = captureInstallPrompt(window);

  let cleanup = null; // what the screen on show returned, called when it goes
  let current = null; // the matched route on show
  let renderToken = 0; // a newer navigation makes an older, still loading one give up

  for (const [pattern, load, name] of ROUTES) route(pattern, load, name);

  async function show(pathname, { first } = {}) {
    const token = ++renderToken;
    const found = match(pathname);
    cleanup?.();
    cleanup = null;
    current = found;
    tabBar.setCurrent(found?.name);
    topBar.setCurrent(found?.name);
    doc.body.dataset.route = found?.name || 'notfound';
    if (found?.name === 'map' || found?.name === 'list') {
      readFiltersFromUrl();
      tabBar.linkFilters(filtersSearch());
    }
    if (found?.name === 'map') {
      page.hidden = true;
      page.replaceChildren();
      mapScreen.hidden = false;
      doc.title = t('title.map');
      const [{ showMapScreen }] = await Promise.all([loadMapScreen(), loadConfig()]);
      if (token !== renderToken) return;
      showMapScreen(mapScreen);
      if (!first) mainEl.focus({ preventScroll: true });
      return;
    }
    mapScreen.hidden = true;
    page.hidden = false;
    // The server may have put this page's readable content in already (a public story, a
    // place): it stays on show until the screen has drawn its own (site/pages.py).
    const prerendered = first && page.querySelector('[data-prerendered]');
    if (!prerendered) page.replaceChildren(h('p', { class: 'loading' }, t('loading')));
    if (!found) {
      doc.title = t('title.notFound');
      page.replaceChildren(
        h('h1', { tabindex: '-1' }, t('notFound.title')),
        h('p', {}, h('a', { href: '/', 'data-link': '' }, t('notFound.back'))),
      );
      page.querySelector('h1').focus();
      return;
    }
    let module;
    try {
      [module] = await Promise.all([found.load(), loadConfig()]);
    } catch {
      page.replaceChildren(h('h1', { tabindex: '-1' }, t('offline.title')), h('p', {}, t('offline.chunk')));
      return;
    }
    if (token !== renderToken) return;
    // A prerendered screen draws into an empty twin of the page element, which then takes the
    // page's place: the screen keeps drawing into its own container later (the thanks after
    // sending a story, answers that arrive after render()).
    const target = prerendered ? page.cloneNode(false) : page;
    if (!prerendered) {
      page.replaceChildren();
      window.scrollTo(0, 0);
    }
    const context = { ...found.params, route: found.name, query: new URLSearchParams(location.search), install };
    cleanup = (await module.render(target, context)) || null;
    if (prerendered && token === renderToken) {
      page.replaceWith(target);
      page = target;
    }
    if (token !== renderToken) return;
    const heading = page.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      if (!first) heading.focus();
      doc.title = `${heading.textContent} · ${t('app.name')}`;
    }
  }

  async function refreshOutboxBadge() {
    topBar.showOutbox((await outbox.list()).filter((item) => item.state !== 'sent'));
  }

  // The outbox is sent on start, when the connection returns, and by Background Sync.
  async function flushOutbox() {
    if (!navigator.onLine) return;
    const summary = await outbox.flush();
    if (summary?.sent) announce(t(summary.sent === 1 ? 'outbox.sentOne' : 'outbox.sentMany', { n: summary.sent }));
    await outbox.pruneSent(SENT_KEPT_MS);
    refreshOutboxBadge();
  }

  async function registerWorker() {
    const [{ registerServiceWorker }, { showUpdatePrompt }] = await Promise.all([
      import('./offline/register-sw.js'),
      import('./ui/update-prompt.js'),
    ]);
    registerServiceWorker({ onUpdateWaiting: showUpdatePrompt });
  }

  // The map and the list share their filters: the tab links carry them along.
  onFiltersChange(() => tabBar.linkFilters(filtersSearch()));
  onUserChange((user) => {
    topBar.relabel(user);
    tabBar.setUser(user);
  });
  onOutboxChange(() => refreshOutboxBadge());
  onLanguageChange(() => {
    topBar.relabel(appState.user);
    tabBar.relabel();
    mapScreenModule?.then((m) => m.relabelMap());
    refreshOutboxBadge();
    if (current && current.name !== 'map') show(location.pathname);
    else doc.title = t('title.map');
  });
  window.addEventListener('online', () => {
    announce(t('status.online'));
    flushOutbox();
  });
  window.addEventListener('offline', () => announce(t('status.offline'), { sticky: true }));
  navigator.serviceWorker?.addEventListener('message', (event) => {
    if (event.data?.type === 'outbox-flushed') refreshOutboxBadge();
  });

  async function start() {
    const lang = preferredLanguage();
    if (lang !== 'nl') await setLanguage(lang);
    else translateStatic(doc);
    topBar.relabel(appState.user);
    tabBar.relabel();
    startRouter(show);
    loadUser();
    refreshOutboxBadge();
    flushOutbox();
    if ('serviceWorker' in navigator && import.meta.env.PROD) {
      // Loading English first can take until after the load event: then register right away.
      if (doc.readyState === 'complete') registerWorker();
      else window.addEventListener('load', registerWorker);
    }
  }

  return { start };
}

// Entry: language, routes, the top bar, the outbox's triggers, the service worker.
import './styles/app.css';
import { currentLanguage, onLanguageChange, preferredLanguage, setLanguage, t, translateStatic } from './i18n/index.js';
import { match, navigate, route, startRouter } from './router.js';
import {
  app,
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
import { relabelMap, showMapScreen } from './ui/map-screen.js';
import { announce } from './ui/status.js';

route('/', null, 'map');
route('/lijst', () => import('./ui/list-view.js'), 'list');
route('/verhaal/:id', () => import('./ui/story-page.js'), 'story');
route('/nieuw', () => import('./ui/new-story/index.js'), 'new');
route('/mijn', () => import('./ui/my-stories.js'), 'mine');
route('/inloggen', () => import('./ui/account.js'), 'login');
route('/registreren', () => import('./ui/account.js'), 'register');
route('/wachtwoord/vergeten', () => import('./ui/account.js'), 'forgot');
route('/wachtwoord/nieuw', () => import('./ui/account.js'), 'reset');
route('/uitbox', () => import('./ui/outbox-view.js'), 'outbox');
route('/privacy', () => import('./ui/privacy.js'), 'privacy');

const mapScreen = document.querySelector('.map-screen');
const page = document.querySelector('.page');
const mainEl = document.getElementById('main');
let cleanup = null;
let current = null;
let renderToken = 0;

async function render(pathname, { first } = {}) {
  const token = ++renderToken;
  const found = match(pathname);
  cleanup?.();
  cleanup = null;
  current = found;
  document.querySelectorAll('.tabbar a').forEach((a) => {
    if (a.dataset.route === found?.name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  document.body.dataset.route = found?.name || 'notfound';
  if (found?.name === 'map' || found?.name === 'list') {
    readFiltersFromUrl();
    linkFilters();
  }
  if (found?.name === 'map') {
    readFiltersFromUrl();
    page.hidden = true;
    page.replaceChildren();
    mapScreen.hidden = false;
    document.title = t('title.map');
    await loadConfig();
    if (token !== renderToken) return;
    showMapScreen(mapScreen);
    if (!first) mainEl.focus({ preventScroll: true });
    return;
  }
  mapScreen.hidden = true;
  page.hidden = false;
  page.replaceChildren(h('p', { class: 'loading' }, t('loading')));
  if (!found) {
    document.title = t('title.notFound');
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
  page.replaceChildren();
  window.scrollTo(0, 0);
  cleanup =
    (await module.render(page, { ...found.params, route: found.name, query: new URLSearchParams(location.search) })) ||
    null;
  if (token !== renderToken) return;
  const heading = page.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    if (!first) heading.focus();
    document.title = `${heading.textContent} · ${t('app.name')}`;
  }
}

// The map and the list share their filters: the tab links carry them along.
function linkFilters() {
  const search = filtersSearch();
  document.querySelector('.tabbar a[data-route=map]').href = `/${search}`;
  document.querySelector('.tabbar a[data-route=list]').href = `/lijst${search}`;
}
onFiltersChange(linkFilters);

// Top bar -------------------------------------------------------------------------------------
const langButton = document.querySelector('.lang-switch');
const accountLink = document.querySelector('.account-link');
const outboxBadge = document.querySelector('.outbox-badge');

function labelTopbar() {
  const other = currentLanguage() === 'nl' ? 'en' : 'nl';
  // Visible: EN / NL; read out: the whole sentence in the language it switches to.
  langButton.replaceChildren(
    other.toUpperCase(),
    h('span', { class: 'visually-hidden' }, other === 'en' ? ' – Switch to English' : ' – Naar het Nederlands'),
  );
  langButton.lang = other;
  document.querySelector('.tabbar').setAttribute('aria-label', t('nav.label'));
  if (app.user) {
    accountLink.textContent = app.user.display_name;
    accountLink.href = '/mijn';
    accountLink.setAttribute('aria-label', t('nav.account', { name: app.user.display_name }));
  } else {
    accountLink.textContent = t('nav.login');
    accountLink.href = '/inloggen';
    accountLink.removeAttribute('aria-label');
  }
}
langButton.addEventListener('click', () => setLanguage(currentLanguage() === 'nl' ? 'en' : 'nl'));
onLanguageChange(() => {
  labelTopbar();
  relabelMap();
  refreshOutboxBadge();
  if (current && current.name !== 'map') render(location.pathname);
  else document.title = t('title.map');
});
onUserChange(labelTopbar);

async function refreshOutboxBadge() {
  const items = (await outbox.list()).filter((item) => item.state !== 'sent');
  outboxBadge.hidden = !items.length;
  outboxBadge.replaceChildren(
    h('span', { class: 'visually-hidden' }, t('outbox.badgeLabel')),
    h('span', { class: 'outbox-icon', 'aria-hidden': 'true' }),
    String(items.length),
  );
  outboxBadge.classList.toggle(
    'has-failed',
    items.some((item) => item.state === 'failed'),
  );
}
onOutboxChange(() => refreshOutboxBadge());

// The outbox is sent on start, when the connection returns, and by Background Sync.
async function flushOutbox() {
  if (!navigator.onLine) return;
  const summary = await outbox.flush();
  if (summary?.sent) announce(t(summary.sent === 1 ? 'outbox.sentOne' : 'outbox.sentMany', { n: summary.sent }));
  await outbox.pruneSent(24 * 3600 * 1000);
  refreshOutboxBadge();
}
window.addEventListener('online', () => {
  announce(t('status.online'));
  flushOutbox();
});
window.addEventListener('offline', () => announce(t('status.offline'), { sticky: true }));
navigator.serviceWorker?.addEventListener('message', (event) => {
  if (event.data?.type === 'outbox-flushed') refreshOutboxBadge();
});

// Installing: keep the browser's prompt for the "install the app" button on /mijn.
window.addEventListener('beforeinstallprompt', (event) => {
  event.preventDefault();
  window.__installPrompt = event;
});

export { filtersSearch, navigate };

async function start() {
  const lang = preferredLanguage();
  if (lang !== 'nl') await setLanguage(lang);
  else translateStatic(document);
  labelTopbar();
  startRouter(render);
  loadUser();
  refreshOutboxBadge();
  flushOutbox();
  if ('serviceWorker' in navigator && import.meta.env.PROD) {
    window.addEventListener('load', async () => {
      const [{ registerServiceWorker }, { showUpdatePrompt }] = await Promise.all([
        import('./offline/register-sw.js'),
        import('./ui/update-prompt.js'),
      ]);
      registerServiceWorker({ onUpdateWaiting: showUpdatePrompt });
    });
  }
}
start();

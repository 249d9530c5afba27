// Kiosk mode (/kiosk/:slug?interval=20): a full-screen loop for an exhibition screen. No log-in,
// no way out, large type, a QR code per story for visitors' phones, an attract screen between
// rounds. It keeps the collection in memory and its photos in the service worker, so it runs on
// through network loss, and picks up the curators' changes when the network returns.
import '../../styles/collections.css';
import { qrSrc } from '../../api.js';
import { formatEra, t } from '../../i18n/index.js';
import { excerpt, firstPhoto, loadCollection, preloadPhotos } from '../collections/shared.js';
import { h } from '../dom.js';

const DEFAULT_INTERVAL_S = 20;
const MIN_INTERVAL_S = 1;
const REFRESH_MS = 60_000;

export async function render(page, { slug, query }) {
  const seconds = Math.max(Number(query.get('interval')) || DEFAULT_INTERVAL_S, MIN_INTERVAL_S);
  const screen = h('div', { class: 'kiosk', 'aria-live': 'off' });
  page.append(h('h1', { class: 'visually-hidden' }, t('kiosk.title')), screen);
  let collection;
  try {
    collection = await loadCollection(slug);
  } catch {
    screen.replaceChildren(h('p', { class: 'kiosk-message' }, t('kiosk.unavailable')));
    // An exhibition screen must come back by itself: try again in a while.
    const retry = setTimeout(() => location.reload(), REFRESH_MS);
    return () => clearTimeout(retry);
  }
  warm(collection);
  let position = 0; // 0: the attract screen, then 1…n the stories
  let timer = null;

  function draw() {
    const total = collection.items.length;
    if (position > total) position = 0;
    if (position === 0) {
      const cover = collection.cover;
      screen.replaceChildren(
        h(
          'section',
          { class: 'kiosk-attract' },
          cover ? h('img', { class: 'kiosk-photo', src: cover.urls.large, alt: cover.alt || '' }) : null,
          h(
            'div',
            { class: 'kiosk-text' },
            h('p', { class: 'kiosk-title' }, collection.title),
            h('p', { class: 'kiosk-intro' }, excerpt(collection.intro, 400)),
            h('p', { class: 'kiosk-touch' }, t('kiosk.touch')),
          ),
          qr(`/expositie/${collection.slug}`, t('kiosk.qrTour')),
        ),
      );
      return;
    }
    const item = collection.items[position - 1];
    const p = item.feature.properties;
    const photo = firstPhoto(item.feature);
    screen.replaceChildren(
      h(
        'section',
        { class: 'kiosk-story' },
        photo ? h('img', { class: 'kiosk-photo', src: photo.urls.large, alt: photo.alt || '' }) : null,
        h(
          'div',
          { class: 'kiosk-text' },
          h('p', { class: 'kiosk-progress' }, t('tour.progress', { n: position, total })),
          h('p', { class: 'kiosk-title' }, p.title),
          item.note ? h('p', { class: 'kiosk-note' }, item.note) : null,
          h('p', { class: 'kiosk-body' }, excerpt(p.body, 360)),
          h('p', { class: 'kiosk-meta' }, [p.place_name, formatEra(p.era_from, p.era_to)].filter(Boolean).join(' · ')),
        ),
        qr(`/verhaal/${item.story}`, t('kiosk.qrStory')),
      ),
    );
  }

  function qr(path, caption) {
    return h(
      'figure',
      { class: 'kiosk-qr' },
      h('img', { src: qrSrc(path), alt: '', width: 200, height: 200 }),
      h('figcaption', {}, caption),
    );
  }

  function advance() {
    position = (position + 1) % (collection.items.length + 1);
    draw();
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(advance, seconds * 1000);
  }

  async function refresh() {
    if (!navigator.onLine) return false;
    try {
      const fresh = await loadCollection(slug);
      if (JSON.stringify(fresh) !== JSON.stringify(collection)) {
        collection = fresh;
        warm(collection);
        screen.dataset.updated = String(Date.now());
      }
      return true;
    } catch {
      return false; // offline or the server is down: keep showing what we have
    }
  }

  // Right after the `online` event the first requests can still fail: try a few times.
  let retry = null;
  async function refreshWhenBack(delays = [0, 2000, 5000, 15000]) {
    clearTimeout(retry);
    if ((await refresh()) || delays.length <= 1) return;
    retry = setTimeout(() => refreshWhenBack(delays.slice(1)), delays[1]);
  }
  const onOnline = () => refreshWhenBack();

  // A touch or a key moves on at once; nothing leads out of the kiosk.
  function onTouch(event) {
    event.preventDefault();
    advance();
  }
  function block(event) {
    event.preventDefault();
  }
  screen.addEventListener('click', onTouch);
  document.addEventListener('keydown', onKey);
  document.addEventListener('contextmenu', block);
  function onKey(event) {
    if ([' ', 'Enter', 'ArrowRight'].includes(event.key)) onTouch(event);
  }
  const poll = setInterval(refresh, REFRESH_MS);
  window.addEventListener('online', onOnline);
  let wakeLock = null;
  navigator.wakeLock
    ?.request('screen')
    .then((lock) => {
      wakeLock = lock;
    })
    .catch(() => {});
  draw();
  schedule();
  return () => {
    clearTimeout(timer);
    clearInterval(poll);
    window.removeEventListener('online', onOnline);
    clearTimeout(retry);
    document.removeEventListener('keydown', onKey);
    document.removeEventListener('contextmenu', block);
    wakeLock?.release().catch(() => {});
  };
}

/** Load the photos and QR codes once, so the service worker has them for offline use. */
function warm(collection) {
  const images = preloadPhotos(collection, ['large']);
  for (const path of [`/expositie/${collection.slug}`, ...collection.items.map((i) => `/verhaal/${i.story}`)]) {
    const img = new Image();
    img.src = qrSrc(path);
    images.push(img);
  }
  if (collection.cover?.urls?.large) images.push(Object.assign(new Image(), { src: collection.cover.urls.large }));
  return images;
}

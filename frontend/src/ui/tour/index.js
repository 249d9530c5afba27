// Tour mode (/expositie/:slug, step n at /expositie/:slug/:n): step through a published
// collection in order; the map flies to each story, the curator's note comes with it. Once
// opened it works offline: the service worker keeps the collection and its photos.
import '../../styles/collections.css';
import { formatEra, t } from '../../i18n/index.js';
import { createTourMap } from '../../map/index.js';
import { app } from '../../state.js';
import { firstPhoto, loadCollection, preloadPhotos } from '../collections/shared.js';
import { h, paragraphs } from '../dom.js';
import { announce } from '../status.js';

export async function render(page, { slug, step }) {
  let collection;
  try {
    collection = await loadCollection(slug);
  } catch (error) {
    page.append(
      h('h1', {}, error.status === 404 ? t('coll.notFound') : t(error.network ? 'tour.offline' : 'coll.failed')),
      h('p', {}, h('a', { href: '/', 'data-link': '' }, t('notFound.back'))),
    );
    return;
  }
  const total = collection.items.length;
  const features = collection.items.map((item) => item.feature);
  let index = step === undefined ? -1 : Math.min(Math.max(Number.parseInt(step, 10) - 1 || 0, 0), total - 1);
  preloadPhotos(collection);

  const heading = h('h1', {}, collection.title);
  const progress = h('p', { class: 'tour-progress' });
  const content = h('div', { class: 'tour-step' });
  const mapEl = h('div', { class: 'tour-map', role: 'region', 'aria-label': t('tour.map') });
  const prev = h('a', { class: 'button', 'data-link': '' }, t('tour.previous'));
  const next = h('a', { class: 'button button-primary', 'data-link': '' }, t('tour.next'));
  const nav = h('nav', { class: 'tour-nav', 'aria-label': t('tour.steps') }, prev, progress, next);
  page.classList.add('page-wide');
  page.append(heading, mapEl, nav, content);
  const tourMap = createTourMap(mapEl, {
    config: app.config,
    features,
    label: (n, feature) => t('tour.marker', { n, title: feature.properties.title }),
  });

  function link(el, target) {
    if (target < -1 || target >= total) {
      el.hidden = true;
      return;
    }
    el.hidden = false;
    el.href = target < 0 ? `/expositie/${slug}` : `/expositie/${slug}/${target + 1}`;
  }

  function draw() {
    link(prev, index - 1);
    link(next, total ? index + 1 : total);
    next.textContent = index < 0 ? t('tour.start') : t('tour.next');
    progress.textContent = index < 0 ? t('tour.count', { n: total }) : t('tour.progress', { n: index + 1, total });
    if (index < 0) {
      content.replaceChildren(
        ...paragraphs(collection.intro),
        collection.items.length ? null : h('p', {}, t('tour.empty')),
      );
      return;
    }
    const item = collection.items[index];
    const p = item.feature.properties;
    const photo = firstPhoto(item.feature);
    const era = formatEra(p.era_from, p.era_to);
    content.replaceChildren(
      h('h2', { tabindex: '-1' }, `${index + 1}. ${p.title}`),
      item.note
        ? h(
            'blockquote',
            { class: 'tour-note' },
            h('p', { class: 'muted small' }, t('tour.note')),
            ...paragraphs(item.note),
          )
        : null,
      photo
        ? h(
            'figure',
            { class: 'photo' },
            h('img', { src: photo.urls.medium, alt: photo.alt || '', width: photo.width, height: photo.height }),
            photo.caption ? h('figcaption', {}, photo.caption) : null,
          )
        : null,
      ...paragraphs(p.body),
      h('p', { class: 'muted' }, [p.place_name, era].filter(Boolean).join(' · ')),
      h('p', {}, h('a', { href: `/verhaal/${item.story}`, 'data-link': '' }, t('tour.openStory'))),
    );
    tourMap.show(index);
  }

  // Steps change in place (the map keeps flying); the address follows for a deep link.
  function go(target, { focus = true } = {}) {
    if (target < -1 || target >= total || target === index) return;
    index = target;
    history.pushState({}, '', target < 0 ? `/expositie/${slug}` : `/expositie/${slug}/${target + 1}`);
    draw();
    announce(progress.textContent);
    if (focus) content.querySelector('h2')?.focus();
  }
  for (const [el, delta] of [
    [prev, -1],
    [next, 1],
  ]) {
    el.addEventListener('click', (event) => {
      event.preventDefault();
      go(index + delta, { focus: false });
    });
  }
  function onKey(event) {
    if (event.target.closest?.('input, textarea, select')) return;
    if (event.key === 'ArrowRight') go(index + 1);
    else if (event.key === 'ArrowLeft') go(index - 1);
  }
  document.addEventListener('keydown', onKey);
  draw();
  return () => {
    document.removeEventListener('keydown', onKey);
    page.classList.remove('page-wide');
    tourMap.destroy();
  };
}

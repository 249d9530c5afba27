// Print: an A6 story card (/druk/verhaal/:id), an A3 poster (/druk/expositie/:slug/poster) and an
// A5 booklet (/druk/expositie/:slug/boekje) of a collection, each with QR codes drawn by our own
// server. The page sizes come from print.css (named @page rules); "Afdrukken" opens the dialog.
import '../../styles/print.css';
import { qrSrc } from '../../api.js';
import { formatEra, t } from '../../i18n/index.js';
import { api, app } from '../../state.js';
import { excerpt, firstPhoto, loadCollection, siteUrl } from '../collections/shared.js';
import { h, paragraphs } from '../dom.js';
import { startPrint } from './frame.js';
import { sketchMap } from './sketch-map.js';

export async function render(page, { id, slug, format }) {
  const { printButton, done } = startPrint(page, id ? 'card' : format === 'poster' ? 'poster' : 'booklet');
  try {
    if (id) {
      page.append(h('h1', { class: 'no-print' }, t('print.cardTitle')), printButton, card(await api.story(id)));
    } else if (format === 'poster' || format === 'boekje') {
      const collection = await loadCollection(slug);
      page.append(
        h(
          'h1',
          { class: 'no-print' },
          t(format === 'poster' ? 'print.posterTitle' : 'print.bookletTitle', { title: collection.title }),
        ),
        printButton,
        format === 'poster' ? poster(collection) : booklet(collection),
      );
    } else {
      page.append(h('h1', {}, t('notFound.title')));
    }
  } catch (error) {
    page.append(h('h1', {}, error.status === 404 ? t('notFound.title') : t('coll.failed')));
  }
  return done;
}

function qr(path, size) {
  return h(
    'figure',
    { class: 'print-qr' },
    h('img', { src: qrSrc(path), alt: t('print.qrAlt', { url: siteUrl(path) }), width: size, height: size }),
    h('figcaption', {}, siteUrl(path).replace(/^https?:\/\//, '')),
  );
}

function facts(p) {
  return [p.place_name, formatEra(p.era_from, p.era_to)].filter(Boolean).join(' · ');
}

function photoOf(feature, size = 'medium') {
  const photo = firstPhoto(feature);
  return photo ? h('img', { class: 'print-photo', src: photo.urls[size], alt: photo.alt || '' }) : null;
}

function card(feature) {
  const p = feature.properties;
  return h(
    'article',
    { class: 'print-card' },
    photoOf(feature),
    h('h2', {}, p.title),
    h('p', { class: 'print-excerpt' }, excerpt(p.body, 260)),
    h(
      'div',
      { class: 'print-card-foot' },
      h('p', { class: 'print-facts' }, facts(p)),
      qr(`/verhaal/${feature.id}`, 96),
    ),
  );
}

function poster(collection) {
  const features = collection.items.map((item) => item.feature);
  return h(
    'article',
    { class: 'print-poster' },
    h('h2', {}, collection.title),
    h('p', { class: 'print-intro' }, excerpt(collection.intro, 600)),
    sketchMap(features, {
      bbox: app.config.region.bbox,
      places: app.config.region.labels || [],
      label: t('print.mapLabel', { title: collection.title }),
    }),
    h(
      'div',
      { class: 'print-poster-foot' },
      h(
        'ol',
        { class: 'print-legend' },
        collection.items.map((item) =>
          h('li', {}, h('strong', {}, item.feature.properties.title), ` ${facts(item.feature.properties)}`),
        ),
      ),
      qr(`/expositie/${collection.slug}`, 220),
    ),
  );
}

function booklet(collection) {
  return h(
    'div',
    { class: 'print-booklet' },
    h(
      'section',
      { class: 'print-sheet print-cover' },
      h('h2', {}, collection.title),
      collection.cover
        ? h('img', { class: 'print-photo', src: collection.cover.urls.medium, alt: collection.cover.alt || '' })
        : null,
      ...paragraphs(collection.intro),
      qr(`/expositie/${collection.slug}`, 140),
    ),
    collection.items.map((item, index) => {
      const p = item.feature.properties;
      return h(
        'section',
        { class: 'print-sheet' },
        h('h3', {}, `${index + 1}. ${p.title}`),
        photoOf(item.feature),
        item.note ? h('blockquote', {}, item.note) : null,
        h('p', {}, excerpt(p.body, 1200)),
        h(
          'div',
          { class: 'print-card-foot' },
          h('p', { class: 'print-facts' }, facts(p)),
          qr(`/verhaal/${item.story}`, 90),
        ),
      );
    }),
  );
}

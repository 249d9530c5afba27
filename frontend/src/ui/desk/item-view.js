// One queue item opened beside the queue: everything a curator needs to decide in seconds —
// text, photos, recording and transcript, the place on a small map, era, themes, open reports
// by reason and the author's earlier decisions.
import { formatDate, formatEra, t } from '../../i18n/index.js';
// Straight from the module (not the map/ barrel) so it stays out of the first-paint bundle.
import { createStoryMap } from '../../map/insight-maps.js';
import { app, themeName } from '../../state.js';
import { h, paragraphs } from '../dom.js';

/** itemView(item, {reasonLabel}) → {element, destroy()} */
export function itemView(item, { reasonLabel }) {
  if (item.type === 'comment') return { element: commentView(item), destroy() {} };
  const f = item.feature;
  const p = f.properties;
  const mapEl = h('div', { class: 'desk-map' });
  const facts = [
    [t('desk.place'), p.place_name || t('desk.none')],
    [t('desk.origin'), p.origin_place || t('desk.none')],
    [t('desk.era'), formatEra(p.era_from, p.era_to) || t('desk.none')],
    [t('desk.author'), p.author?.display_name || t('desk.noAuthor')],
    [t('desk.project'), item.project || t('desk.none')],
    [t('desk.sent'), formatDate(item.created_at)],
    [t('desk.precision'), t(`desk.precision.${p.location_precision}`)],
  ];
  const element = h(
    'article',
    { class: 'desk-item', lang: p.language || null, 'aria-labelledby': 'desk-item-title' },
    h(
      'p',
      { class: `kind-badge kind-${p.kind}` },
      h('span', { class: `pin pin-${p.kind} pin-inline`, 'aria-hidden': 'true' }),
      t(`kind.${p.kind}`),
      ' · ',
      t(`status.${p.status}`),
    ),
    h('h2', { id: 'desk-item-title', tabindex: '-1' }, p.title),
    reportsBlock(item),
    (p.photos || []).map((photo) =>
      h(
        'figure',
        { class: 'desk-photo' },
        h('img', { src: photo.urls?.medium || photo.urls?.thumb, alt: photo.alt || '', loading: 'lazy' }),
        photo.caption ? h('figcaption', {}, photo.caption) : null,
      ),
    ),
    p.body ? paragraphs(p.body) : h('p', { class: 'muted' }, t('desk.noText')),
    (p.audio || []).map((rec) =>
      h(
        'figure',
        { class: 'audio' },
        h('audio', { controls: true, src: rec.url, preload: 'none' }),
        h('figcaption', {}, h('strong', {}, t('desk.transcript')), ' ', rec.transcript || t('desk.noTranscript')),
      ),
    ),
    h(
      'dl',
      { class: 'desk-facts' },
      facts.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
    ),
    p.themes?.length
      ? h(
          'ul',
          { class: 'chips', 'aria-label': t('story.themes') },
          p.themes.map((slug) => h('li', {}, themeName(slug))),
        )
      : null,
    h('figure', { class: 'desk-map-figure' }, mapEl, h('figcaption', { class: 'muted small' }, mapCaption(f))),
    historyBlock(item.author_history, reasonLabel),
  );
  let map = null;
  // Leaflet needs the element in the page to measure it.
  requestAnimationFrame(() => {
    if (element.isConnected) map = createStoryMap(mapEl, { config: app.config, feature: f });
  });
  return {
    element,
    destroy() {
      map?.destroy();
    },
  };
}

function mapCaption(feature) {
  const g = feature.geometry;
  if (!g) return t('desk.none');
  if (g.type === 'Point') {
    const [lon, lat] = g.coordinates;
    return t('desk.mapPoint', { lat: lat.toFixed(4), lon: lon.toFixed(4) });
  }
  return t(g.type === 'LineString' ? 'desk.mapRoute' : 'desk.mapArea');
}

function reportsBlock(item) {
  const reasons = Object.entries(item.reports || {});
  if (!reasons.length) return null;
  return h(
    'section',
    { class: 'desk-reports', 'aria-label': t('desk.reports') },
    h('h3', {}, t('desk.reports')),
    h(
      'ul',
      {},
      reasons.map(([reason, n]) => h('li', {}, `${t(`report.${reason}`)}: ${n}`)),
    ),
    (item.report_notes || []).filter((r) => r.note).length
      ? h(
          'ul',
          { class: 'desk-report-notes' },
          item.report_notes
            .filter((r) => r.note)
            .map((r) => h('li', {}, h('q', {}, r.note), ` (${t(`report.${r.reason}`)})`)),
        )
      : null,
  );
}

function historyBlock(history, reasonLabel) {
  if (!history)
    return h('section', { class: 'desk-history' }, h('h3', {}, t('desk.history')), h('p', {}, t('desk.noAuthor')));
  const counts = Object.entries(history.counts || {});
  return h(
    'section',
    { class: 'desk-history' },
    h('h3', {}, t('desk.history')),
    counts.length
      ? h('p', {}, counts.map(([action, n]) => `${t(`desk.action.${action}`)}: ${n}`).join(' · '))
      : h('p', {}, t('desk.historyNone')),
    history.recent?.length
      ? h(
          'ul',
          {},
          history.recent.map((d) =>
            h(
              'li',
              {},
              `${t(`desk.action.${d.action}`)} — ${reasonLabel(d.reason_code)} — `,
              d.story
                ? h('a', { href: `/verhaal/${d.story.id}`, 'data-link': '' }, d.story.title)
                : t('desk.deletedStory'),
              h('span', { class: 'muted' }, ` (${formatDate(d.decided_at)})`),
            ),
          ),
        )
      : null,
  );
}

function commentView(item) {
  return h(
    'article',
    { class: 'desk-item', 'aria-labelledby': 'desk-item-title' },
    h('p', { class: 'kind-badge' }, t('desk.comment'), ' · ', t(`status.${item.status}`)),
    h('h2', { id: 'desk-item-title', tabindex: '-1' }, t('desk.commentOn', { title: item.story?.title || '' })),
    paragraphs(item.comment?.body),
    h('dl', { class: 'desk-facts' }, h('dt', {}, t('desk.sent')), h('dd', {}, formatDate(item.created_at))),
    item.story ? h('p', {}, h('a', { href: `/verhaal/${item.story.id}`, 'data-link': '' }, t('desk.openStory'))) : null,
  );
}

// One story in a list (list view, my stories).

import { formatEra, t } from '../i18n/index.js';
import { themeName } from '../state.js';
import { h } from './dom.js';

export function storyCard(feature, { extra } = {}) {
  const p = feature.properties;
  const meta = [p.place_name, formatEra(p.era_from, p.era_to)].filter(Boolean).join(' · ');
  const thumb = p.photos?.[0]?.urls?.thumb;
  return h(
    'li',
    { class: 'story-card' },
    thumb
      ? h('img', { src: thumb, alt: '', class: 'thumb', loading: 'lazy', width: 72, height: 72 })
      : h('span', { class: `pin pin-${p.kind} pin-card`, 'aria-hidden': 'true' }),
    h(
      'div',
      { class: 'story-card-text' },
      h('p', { class: `kind-badge kind-${p.kind}` }, t(`kind.${p.kind}`)),
      h('h2', {}, h('a', { href: `/verhaal/${feature.id}`, 'data-link': '' }, p.title)),
      meta ? h('p', { class: 'meta' }, meta) : null,
      p.body ? h('p', { class: 'opening' }, opening(p.body)) : null,
      p.themes?.length ? h('p', { class: 'meta themes' }, p.themes.map(themeName).join(', ')) : null,
      extra || null,
    ),
  );
}

const OPENING_CHARS = 120;

/** The first line of a story's text, cut at a word: what the card reads as. */
export function opening(body) {
  const text = String(body || '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= OPENING_CHARS) return text;
  const cut = text.slice(0, OPENING_CHARS);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 60 ? cut.lastIndexOf(' ') : OPENING_CHARS).replace(/[,;:.\s]+$/, '')}…`;
}

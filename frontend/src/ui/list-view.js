// The list of the same stories as the map, with the same filters: for people who can't use a map.

import { filterQuery } from '../geo.js';
import { t } from '../i18n/index.js';
import { api, filters, loadThemes, onFiltersChange, readFiltersFromUrl } from '../state.js';
import { h } from './dom.js';
import { createFilters } from './filters.js';
import { storyCard } from './story-card.js';

export async function render(page) {
  readFiltersFromUrl();
  await loadThemes();
  const filterUi = createFilters();
  const q = h('input', { type: 'search', id: 'list-q', enterkeyhint: 'search' });
  const searchForm = h(
    'form',
    { class: 'list-search', role: 'search', onsubmit: submitSearch },
    h('label', { for: 'list-q' }, t('list.search')),
    h('div', { class: 'inline' }, q, h('button', { type: 'submit', class: 'button' }, t('list.searchButton'))),
  );
  const status = h('p', { class: 'list-status', 'aria-live': 'polite' });
  const list = h('ul', { class: 'story-list' });
  const more = h('button', { type: 'button', class: 'button', hidden: true }, t('list.more'));
  page.append(
    h('h1', {}, t('list.title')),
    searchForm,
    h('div', { class: 'map-buttons' }, filterUi.button),
    filterUi.panel,
    status,
    list,
    more,
  );

  let next = null;
  let token = 0;
  function submitSearch(event) {
    event.preventDefault();
    load();
  }
  async function load(cursor) {
    const mine = ++token;
    const query = filterQuery(filters);
    if (q.value.trim()) query.q = q.value.trim();
    status.textContent = t('loading');
    let data;
    try {
      data = cursor
        ? await api.request('GET', cursor.replace(/^.*\/api\/v1/, ''))
        : await api.stories(query, undefined, 30);
    } catch (error) {
      if (mine === token) status.textContent = error.network ? t('list.offline') : t('list.failed');
      return;
    }
    if (mine !== token) return;
    if (!cursor) list.replaceChildren();
    list.append(...data.features.map((f) => storyCard(f)));
    next = (data.links || []).find((l) => l.rel === 'next')?.href || null;
    more.hidden = !next;
    const n = list.children.length;
    status.textContent = n
      ? next
        ? t('list.countMore', { n })
        : t(n === 1 ? 'list.countOne' : 'list.count', { n })
      : t('list.none');
  }
  more.addEventListener('click', () => next && load(next));
  const off = onFiltersChange(() => load());
  await load();
  return off;
}

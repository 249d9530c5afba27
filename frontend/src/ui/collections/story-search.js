// Find published stories to add to a collection: a search of the list (GET /stories?q=).
import { t } from '../../i18n/index.js';
import { api } from '../../state.js';
import { field, h } from '../dom.js';

/** storySearch({has(id), onAdd(feature)}) → a section with a search form and its results. */
export function storySearch({ has, onAdd }) {
  const query = field({ label: t('coll.search'), name: 'q', type: 'search' });
  const results = h('ul', { class: 'story-search-results', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'story-search', role: 'search' },
    query.wrap,
    h('button', { type: 'submit', class: 'button' }, t('coll.searchButton')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let body;
    try {
      body = await api.stories({ q: query.input.value }, undefined, 20);
    } catch {
      results.replaceChildren(h('li', {}, t('coll.failed')));
      return;
    }
    const found = body.features.filter((f) => !has(f.id));
    results.replaceChildren(
      ...(found.length
        ? found.map((feature) => {
            const button = h(
              'button',
              { type: 'button', class: 'button' },
              t('coll.add'),
              h('span', { class: 'visually-hidden' }, `: ${feature.properties.title}`),
            );
            const row = h('li', {}, h('span', {}, feature.properties.title), ' ', button);
            button.addEventListener('click', () => {
              onAdd(feature);
              row.remove();
              (results.querySelector('button') || query.input).focus();
            });
            return row;
          })
        : [h('li', {}, t('coll.searchNone'))]),
    );
  });
  return h('section', { class: 'collection-add' }, h('h2', {}, t('coll.addTitle')), form, results);
}

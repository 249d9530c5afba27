// Search the gazetteer; results are buttons (keyboard and screen reader friendly).

import { t } from '../i18n/index.js';
import { debounce } from '../offline/drafts.js';
import { api } from '../state.js';
import { h, uid } from './dom.js';

export function createPlaceSearch({ onPick, label }) {
  // `label` is a text, or a function giving it in the language now chosen.
  const labelText = () => (typeof label === 'function' ? label() : label || t('search.label'));
  const id = uid('place');
  const statusId = `${id}-status`;
  const input = h('input', {
    id,
    type: 'search',
    autocomplete: 'off',
    enterkeyhint: 'search',
    'aria-describedby': statusId,
    placeholder: t('search.placeholder'),
  });
  const results = h('ul', { class: 'place-results', hidden: true });
  const status = h('p', { class: 'visually-hidden', id: statusId, 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'place-search', role: 'search', onsubmit: searchNow },
    h('label', { for: id, class: 'visually-hidden' }, labelText()),
    input,
    status,
    results,
  );

  function searchNow(event) {
    event.preventDefault();
    search.flush();
  }
  const search = debounce(async () => {
    const q = input.value.trim();
    if (q.length < 2) {
      results.hidden = true;
      status.textContent = '';
      return;
    }
    let data;
    try {
      data = await api.places(q, 6);
    } catch {
      status.textContent = t('search.failed');
      return;
    }
    results.replaceChildren(
      ...data.features.map((f) => {
        const p = f.properties;
        return h(
          'li',
          {},
          h(
            'button',
            { type: 'button', onclick: () => pick(f) },
            h('strong', {}, p.name),
            p.municipality && p.municipality !== p.name ? h('span', { class: 'muted' }, ` · ${p.municipality}`) : null,
          ),
        );
      }),
    );
    results.hidden = !data.features.length;
    status.textContent = data.features.length ? t('search.results', { n: data.features.length }) : t('search.none');
  }, 250);

  function pick(feature) {
    input.value = feature.properties.name;
    results.hidden = true;
    onPick(feature);
  }
  input.addEventListener('input', () => search());
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && !results.hidden) {
      event.preventDefault();
      results.querySelector('button')?.focus();
    }
  });
  results.addEventListener('keydown', (event) => {
    const buttons = [...results.querySelectorAll('button')];
    const index = buttons.indexOf(document.activeElement);
    if (event.key === 'ArrowDown') buttons[Math.min(index + 1, buttons.length - 1)]?.focus();
    else if (event.key === 'ArrowUp') (index <= 0 ? input : buttons[index - 1]).focus();
    else if (event.key === 'Escape') {
      results.hidden = true;
      input.focus();
    } else return;
    event.preventDefault();
  });
  /** The texts again, in the language now chosen. */
  function relabel() {
    form.querySelector('label').textContent = labelText();
    input.placeholder = t('search.placeholder');
  }
  return { element: form, input, relabel };
}

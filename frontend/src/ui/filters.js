// The filter panel shared by the map and the list: kind, theme, and the time control
// "was – is – wordt".

import { t } from '../i18n/index.js';
import { app, filters, loadThemes, setFilters, themeName } from '../state.js';
import { h, uid } from './dom.js';

const KINDS = ['memory', 'story', 'photo', 'wish'];
const PERIODS = ['', 'was', 'is', 'wordt'];

export function activeFilterCount() {
  return filters.kinds.length + (filters.theme ? 1 : 0) + (filters.period ? 1 : 0);
}

/** A toggle button plus a panel; returns {button, panel}. */
export function createFilters() {
  const panelId = uid('filters');
  const button = h('button', {
    type: 'button',
    class: 'button filter-toggle',
    'aria-expanded': 'false',
    'aria-controls': panelId,
  });
  const panel = h('div', { class: 'filter-panel', id: panelId, hidden: true });

  function label() {
    const n = activeFilterCount();
    button.textContent = n ? t('filters.buttonCount', { n }) : t('filters.button');
  }

  function build() {
    panel.replaceChildren();
    const kindBox = h(
      'fieldset',
      { class: 'kind-filter' },
      h('legend', {}, t('filters.kind')),
      KINDS.map((kind) => {
        const id = uid(`kind-${kind}`);
        return h(
          'div',
          { class: 'check' },
          h('input', { type: 'checkbox', id, value: kind, checked: filters.kinds.includes(kind), onchange: update }),
          h(
            'label',
            { for: id },
            h('span', { class: `pin pin-${kind} pin-inline`, 'aria-hidden': 'true' }),
            t(`kind.${kind}`),
          ),
        );
      }),
    );
    const themeId = uid('theme');
    const themeSelect = h(
      'select',
      { id: themeId, onchange: update },
      h('option', { value: '' }, t('filters.allThemes')),
      app.themes.map((th) => h('option', { value: th.slug, selected: filters.theme === th.slug }, themeName(th.slug))),
    );
    const periodBox = h(
      'fieldset',
      { class: 'period-filter segmented' },
      h('legend', {}, t('filters.period')),
      PERIODS.map((period) => {
        const id = uid(`period-${period || 'all'}`);
        return h(
          'span',
          {},
          h('input', {
            type: 'radio',
            name: `${panelId}-period`,
            id,
            value: period,
            checked: filters.period === period,
            onchange: update,
          }),
          h('label', { for: id }, t(`period.${period || 'all'}`)),
        );
      }),
    );
    const reset = h(
      'button',
      {
        type: 'button',
        class: 'link-button',
        onclick: () => {
          setFilters({ kinds: [], theme: '', period: '' });
          build();
        },
      },
      t('filters.reset'),
    );
    panel.append(
      kindBox,
      h('div', { class: 'field' }, h('label', { for: themeId }, t('filters.theme')), themeSelect),
      periodBox,
      reset,
    );

    function update() {
      setFilters({
        kinds: [...kindBox.querySelectorAll('input:checked')].map((i) => i.value),
        theme: themeSelect.value,
        period: periodBox.querySelector('input:checked')?.value || '',
      });
      label();
    }
  }

  button.addEventListener('click', async () => {
    const open = panel.hidden;
    if (open) {
      await loadThemes();
      build();
    }
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) panel.querySelector('input')?.focus();
  });
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      panel.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      button.focus();
    }
  });
  label();
  function relabel() {
    label();
    if (!panel.hidden) build();
  }
  return { button, panel, relabel };
}

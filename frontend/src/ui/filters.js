// The filter panel shared by the map and the list: kind, theme, the time control
// "was – is – wordt" and a free range of years (ui/year-range.js, loaded with the panel).

import { filterQuery } from '../geo.js';
import { t } from '../i18n/index.js';
import { api, app, filters, loadThemes, setFilters, themeName } from '../state.js';
import { h, uid } from './dom.js';

const KINDS = ['memory', 'story', 'photo', 'wish'];
const PERIODS = ['', 'was', 'is', 'wordt'];

export function activeFilterCount() {
  const years = filters.era_from !== '' || filters.era_to !== '';
  return filters.kinds.length + (filters.theme ? 1 : 0) + (filters.period ? 1 : 0) + (years ? 1 : 0);
}

const NO_FILTERS = { kinds: [], theme: '', period: '', era_from: '', era_to: '', undated: false };

/** How many stories match the other filters but name no year (null without a year set). */
async function countUndated() {
  const query = filterQuery({ ...filters, undated: false });
  if (!('era_from' in query || 'era_to' in query)) return null;
  try {
    return (await api.stories(query, undefined, 1)).undated ?? null;
  } catch {
    return null;
  }
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

  let yearRange = null;
  function build(createYearRange) {
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
          setFilters(NO_FILTERS);
          label();
          build(createYearRange);
          panel.querySelector('input')?.focus();
        },
      },
      t('filters.reset'),
    );
    yearRange = createYearRange({
      from: filters.era_from,
      to: filters.era_to,
      undated: filters.undated,
      onChange: (years) => {
        setFilters(years);
        label();
        showUndated();
      },
    });
    panel.append(
      kindBox,
      h('div', { class: 'field' }, h('label', { for: themeId }, t('filters.theme')), themeSelect),
      periodBox,
      yearRange.element,
      reset,
    );
    showUndated();

    function update() {
      setFilters({
        kinds: [...kindBox.querySelectorAll('input:checked')].map((i) => i.value),
        theme: themeSelect.value,
        period: periodBox.querySelector('input:checked')?.value || '',
      });
      label();
      showUndated();
    }
  }

  let undatedToken = 0;
  async function showUndated() {
    const mine = ++undatedToken;
    const n = await countUndated();
    if (mine === undatedToken) yearRange?.setUndatedCount(n);
  }
  let yearModule = null;
  async function openPanel() {
    [yearModule] = await Promise.all([yearModule || import('./year-range.js'), loadThemes()]);
    build(yearModule.createYearRange);
  }

  button.addEventListener('click', async () => {
    const open = panel.hidden;
    if (open) await openPanel();
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
    if (!panel.hidden) build(yearModule.createYearRange);
  }
  return { button, panel, relabel };
}

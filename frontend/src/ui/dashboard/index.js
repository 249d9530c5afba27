// The curators' dashboard (/inzicht): what residents talk about — published stories by kind,
// theme, place, era and month, a density map, and the "waar kom jij weg?" lines from where
// tellers come from to the places they remember. Lazy-loaded: residents never download it.
import './dashboard.css';
import { t } from '../../i18n/index.js';
// Straight from the module (not the map/ barrel) so it stays out of the first-paint bundle.
import { createDensityMap, createOriginsMap } from '../../map/insight-maps.js';
import { api, app, loadThemes, loadUser, themeName } from '../../state.js';
import { staffGate } from '../desk/gate.js';
import { h } from '../dom.js';
import { barTable } from './charts.js';

export async function render(page) {
  const user = app.user === undefined ? await loadUser() : app.user;
  page.append(h('h1', {}, t('dash.title')));
  if (!staffGate(page, user, ['curator', 'admin'])) return null;
  const status = h('p', { role: 'status' }, t('loading'));
  page.append(h('p', {}, t('dash.intro')), status);
  let stats;
  let origins;
  try {
    [stats, origins] = await Promise.all([api.stats(), api.statsOrigins(), loadThemes()]);
  } catch (problem) {
    status.textContent = problem.detail || t('list.failed');
    return null;
  }
  status.textContent = t('dash.total', { n: stats.total });
  const countLabel = t('dash.count');
  const maps = [];
  const densityEl = h('div', { class: 'dash-map' });
  const originsEl = h('div', { class: 'dash-map' });

  page.append(
    h(
      'div',
      { class: 'dash-grid' },
      barTable({
        id: 'dash-kinds',
        caption: t('dash.kinds'),
        label: t('dash.kind'),
        countLabel,
        rows: stats.kinds.map((k) => [t(`kind.${k.kind}`), k.count]),
      }),
      barTable({
        id: 'dash-themes',
        caption: t('dash.themes'),
        label: t('dash.theme'),
        countLabel,
        rows: stats.themes.map((k) => [themeName(k.theme), k.count]),
      }),
      barTable({
        id: 'dash-places',
        caption: t('dash.places'),
        label: t('dash.place'),
        countLabel,
        rows: stats.places.map((p) => [p.name, p.count]),
        note: t('dash.placesNote', { other: stats.places_other, unnamed: stats.places_unnamed }),
      }),
      barTable({
        id: 'dash-decades',
        caption: t('dash.decades'),
        label: t('dash.decade'),
        countLabel,
        rows: stats.decades.map((d) => [decadeLabel(d.decade), d.count]),
        note: t('dash.noEra', { n: stats.no_era }),
      }),
      barTable({
        id: 'dash-months',
        caption: t('dash.months'),
        label: t('dash.month'),
        countLabel,
        rows: stats.months.map((m) => [m.month, m.count]),
      }),
    ),
    h(
      'section',
      { class: 'dash-section', 'aria-labelledby': 'dash-density-title' },
      h('h2', { id: 'dash-density-title' }, t('dash.density')),
      h('p', {}, t('dash.densityIntro')),
      h('figure', {}, densityEl, h('figcaption', { class: 'muted small' }, t('dash.densityNote'))),
    ),
    h(
      'section',
      { class: 'dash-section', 'aria-labelledby': 'dash-origins-title' },
      h('h2', { id: 'dash-origins-title' }, t('dash.origins')),
      h('p', {}, t('dash.originsIntro')),
      h('figure', {}, originsEl, h('figcaption', { class: 'muted small' }, t('dash.originsNote'))),
      h(
        'p',
        {},
        t('dash.originsCounts', {
          matched: origins.matched,
          unmatched: origins.unmatched,
          ambiguous: origins.ambiguous,
        }),
      ),
      barTable({
        id: 'dash-origin-places',
        caption: t('dash.originPlaces'),
        label: t('dash.place'),
        countLabel,
        rows: origins.origins.map((o) => [o.name, o.count]),
      }),
      barTable({
        id: 'dash-origin-lines',
        caption: t('dash.originLines'),
        label: t('dash.line'),
        countLabel,
        rows: origins.features
          .slice(0, 30)
          .map((f) => [`${f.properties.from} → ${f.properties.to || t('desk.none')}`, f.properties.count]),
      }),
    ),
  );
  requestAnimationFrame(() => {
    if (!densityEl.isConnected) return;
    maps.push(createDensityMap(densityEl, { config: app.config, cells: stats.cells }));
    maps.push(createOriginsMap(originsEl, { config: app.config, lines: origins }));
  });
  return () => {
    for (const map of maps) map.destroy();
  };
}

/** 1960 → "1960–1969"; -3410 (the years -3410 … -3401) → "3410–3401 v.Chr." */
function decadeLabel(decade) {
  if (decade >= 0) return `${decade}–${decade + 9}`;
  return t('dash.bce', { from: -decade, to: -(decade + 9) });
}

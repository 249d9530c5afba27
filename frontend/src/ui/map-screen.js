// The home screen: the full-screen map with search, filters, "near me" and the bottom sheet.

import { filterQuery } from '../geo.js';
import { t } from '../i18n/index.js';
import { createMapView } from '../map/index.js';
import { api, app, filters, loadThemes, onFiltersChange } from '../state.js';
import { h, uid } from './dom.js';
import { createFilters } from './filters.js';
import { createPlaceSearch } from './place-search.js';
import { createSheet } from './sheet.js';
import { announce } from './status.js';

let view = null;
let controls = null;
let layerSwitcher = null;

export function showMapScreen(screen) {
  if (view) {
    view.invalidate();
    return view;
  }
  loadThemes();
  const mapEl = screen.querySelector('#map');
  const count = h('p', { class: 'map-count', 'aria-live': 'polite' });
  const filterUi = createFilters();
  const near = h(
    'button',
    { type: 'button', class: 'button', onclick: nearMe },
    h('span', { class: 'icon-locate', 'aria-hidden': 'true' }),
    h('span', { class: 'near-label' }, t('map.near')),
  );
  const placeLink = h('p', { class: 'place-link', hidden: true });
  const search = createPlaceSearch({
    onPick: (f) => {
      view.flyTo(...f.geometry.coordinates, 13);
      showPlaceLink(f.properties.name);
    },
  });
  const sheet = createSheet(screen, { onClose: ({ focus } = {}) => view.deselect({ focus }) });
  controls = h(
    'div',
    { class: 'map-controls' },
    h('h1', { class: 'visually-hidden' }, t('map.title')),
    search.element,
    placeLink,
    h('div', { class: 'map-buttons' }, filterUi.button, near),
    filterUi.panel,
    count,
  );
  screen.prepend(controls);

  const describe = {
    story: (f) => `${t(`kind.${f.properties.kind}`)}: ${f.properties.title}`,
    cluster: (n) => t('map.cluster', { n }),
  };
  view = createMapView(mapEl, {
    config: app.config,
    loadFeatures: (bbox, zoom, signal) => api.map(bbox, zoom, filterQuery(filters), signal),
    onSelect: (feature, el) => sheet.open(feature, el),
    onView: ({ total, error }) => {
      if (error) count.textContent = error.network ? t('map.offline') : t('map.failed');
      else
        count.textContent = total === 0 ? t('map.none') : t(total === 1 ? 'map.countOne' : 'map.count', { n: total });
    },
    labels: describe,
  });
  onFiltersChange(() => {
    sheet.close({ restoreFocus: false });
    view.refresh();
  });
  showContextLayers(controls.querySelector('.map-buttons'), count);

  function nearMe() {
    if (!navigator.geolocation) return announce(t('map.noGeolocation'));
    announce(t('map.locating'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        view.showHere(pos.coords.longitude, pos.coords.latitude, pos.coords.accuracy);
        announce(t('map.here'));
      },
      () => announce(t('map.noGeolocation')),
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 },
    );
  }
  view.relabelControls = () => {
    filterUi.relabel();
    near.querySelector('.near-label').textContent = t('map.near');
    controls.querySelector('h1').textContent = t('map.title');
    search.relabel();
    if (!placeLink.hidden) showPlaceLink(placeLink.dataset.name);
    layerSwitcher?.relabel();
    view.refresh();
  };
  // After a place is found: its page, the stories of that place as was – is – wordt.
  function showPlaceLink(name) {
    placeLink.dataset.name = name;
    placeLink.replaceChildren(
      h('a', { href: `/plaats/${encodeURIComponent(name)}`, 'data-link': '' }, t('place.storiesOf', { place: name })),
    );
    placeLink.hidden = false;
  }
  return view;
}

// Context layers: the switcher (and anything of it) loads only when there are layers.
async function showContextLayers(buttons, before) {
  let layers;
  try {
    ({ layers } = await api.layers());
  } catch {
    return; // offline or an older server: the map works without them
  }
  if (!layers?.length) return;
  const { createLayerSwitcher } = await import('../map/layer-switcher.js');
  layerSwitcher = createLayerSwitcher(view.map, {
    layers,
    loadData: (layer) => api.layerData(layer.slug),
    t,
    h,
    uid,
    announce,
  });
  buttons.append(layerSwitcher.button);
  before.before(layerSwitcher.panel);
}

export function relabelMap() {
  view?.relabelControls();
}

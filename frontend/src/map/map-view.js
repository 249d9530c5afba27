// The browse map: region outline and place labels (so it reads without tiles), the configured
// basemap on top when it loads, and stories/clusters from GET /map for the current view.
import {
  circle,
  circleMarker,
  control,
  geoJSON,
  latLngBounds,
  layerGroup,
  map as leafletMap,
  marker,
  tileLayer,
} from 'leaflet';
import { bboxPolygon, outsideMask } from '../geo.js';
import { shapeStyle } from './draw.js';
import { clusterIcon, kindIcon, labelIcon } from './markers.js';

export function createMapView(el, { config, loadFeatures, onSelect, onView, labels: describe }) {
  const [minLon, minLat, maxLon, maxLat] = config.region.bbox;
  const regionBounds = latLngBounds([minLat, minLon], [maxLat, maxLon]);
  const map = leafletMap(el, {
    zoomControl: false,
    attributionControl: true,
    maxBounds: regionBounds.pad(0.5),
    minZoom: 7,
    maxZoom: 18,
    zoomSnap: 0.25,
    zoomDelta: 1,
    keyboard: true,
    tap: true,
  });
  map.attributionControl.setPrefix(false);
  control.zoom({ position: 'bottomright' }).addTo(map);
  map.fitBounds(regionBounds, { animate: false, padding: [4, 4] });

  geoJSON(outsideMask(config.region.bbox), {
    interactive: false,
    style: { stroke: false, fillColor: '#d9d4c3', fillOpacity: 0.55 },
  }).addTo(map);
  geoJSON(bboxPolygon(config.region.bbox), {
    interactive: false,
    style: { color: '#1d5e3a', weight: 2, dashArray: '6 6', fill: false },
  }).addTo(map);

  // Place labels have their own pane above the stories (a cluster never hides a town's name);
  // the pane lets taps through to the markers under it (styles/app.css).
  map.createPane('placeLabels');
  const labelLayer = (config.region.labels || []).map((place) =>
    marker([place.lat, place.lon], {
      icon: labelIcon(place.name, { href: `/plaats/${encodeURIComponent(place.name)}` }),
      interactive: false,
      keyboard: false,
      pane: 'placeLabels',
    }),
  );
  function showLabels() {
    // The labels are ordered largest place first: fewer of them when zoomed out, so they don't collide.
    const zoom = map.getZoom();
    const count = zoom <= 8 ? 6 : zoom <= 9 ? 12 : labelLayer.length;
    labelLayer.forEach((m, index) => {
      if (index < count) m.addTo(map);
      else m.remove();
    });
  }
  map.on('zoomend', showLabels);
  showLabels();

  const layers = {};
  for (const basemap of config.basemaps || []) {
    layers[basemap.name] = tileLayer(basemap.url, {
      attribution: basemap.attribution,
      maxZoom: basemap.max_zoom,
      crossOrigin: false,
      className: 'basemap-tiles',
    });
  }
  const names = Object.keys(layers);
  if (names.length) layers[names[0]].addTo(map);
  if (names.length > 1) control.layers(layers, {}, { position: 'topright' }).addTo(map);

  let storyMarkers = [];
  let controller = null;
  let timer = null;
  let selectedId = null;
  let focusAfterRefresh = null; // a story whose marker had the focus when the markers were redrawn
  let here = null;

  function bbox() {
    const b = map.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(
      (v, i) => Math.round(v * 1e5) / 1e5 + (i < 2 ? 0 : 0),
    );
  }

  async function refresh() {
    controller?.abort();
    controller = new AbortController();
    let data;
    try {
      data = await loadFeatures(clipToRegion(bbox()), Math.round(map.getZoom()), controller.signal);
    } catch (error) {
      if (error?.name !== 'AbortError') onView?.({ error });
      return;
    }
    // Redrawing replaces the marker elements: the focus stays on the same story's new marker.
    const focused = storyMarkers.find((m) => m.getElement() === document.activeElement);
    if (focused) focusAfterRefresh = focused.featureId;
    for (const m of storyMarkers) m.remove();
    storyMarkers = [];
    for (const feature of data.features) {
      const [lon, lat] = feature.geometry.coordinates;
      const props = feature.properties;
      let m;
      if (props.cluster) {
        m = marker([lat, lon], { icon: clusterIcon(props.count), keyboard: true, riseOnHover: true, title: '' });
        m.on('click', () => {
          const [a, b, c, d] = props.bbox;
          map.fitBounds(latLngBounds([b, a], [d, c]).pad(0.2), { maxZoom: map.getZoom() + 3 });
        });
        m.addTo(map);
        m.getElement()?.setAttribute('aria-label', describe.cluster(props.count));
      } else {
        m = marker([lat, lon], {
          icon: kindIcon(props.kind, { selected: feature.id === selectedId }),
          keyboard: true,
          riseOnHover: true,
        });
        m.on('click', () => {
          selectedId = feature.id;
          m.setIcon(kindIcon(props.kind, { selected: true }));
          m.getElement()?.setAttribute('aria-label', describe.story(feature));
          onSelect(feature, m.getElement());
        });
        m.featureId = feature.id;
        m.addTo(map);
        m.getElement()?.setAttribute('aria-label', describe.story(feature));
        if (props.shape) {
          // A route or an area: its line or shape under the marker (the marker stays the
          // keyboard's and the screen reader's way in); a tap on the shape opens the story too.
          const drawn = geoJSON(props.shape, {
            style: () => ({
              ...shapeStyle(props.kind, { selected: feature.id === selectedId }),
              className: 'story-shape',
            }),
          });
          drawn.on('click', () => m.fire('click'));
          drawn.addTo(map);
          storyMarkers.push(drawn);
        }
      }
      const el = m.getElement();
      el?.setAttribute('role', 'button');
      // Keyboard: Enter or Space opens it, like a button.
      el?.addEventListener('keydown', (event) => {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        m.fire('click');
      });
      storyMarkers.push(m);
    }
    if (focusAfterRefresh !== null) {
      storyMarkers
        .find((m) => m.featureId === focusAfterRefresh)
        ?.getElement()
        ?.focus({ preventScroll: true });
      focusAfterRefresh = null;
    }
    onView?.({ total: data.total ?? data.features.length, clustered: data.clustered });
  }

  function clipToRegion([a, b, c, d]) {
    return [Math.max(a, minLon - 0.5), Math.max(b, minLat - 0.5), Math.min(c, maxLon + 0.5), Math.min(d, maxLat + 0.5)];
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  }
  map.on('moveend', schedule);
  schedule();

  return {
    map,
    refresh: schedule,
    /** Unselect; with `focus`, the story's marker gets the focus back once redrawn. */
    deselect({ focus = false } = {}) {
      if (focus && selectedId !== null) focusAfterRefresh = selectedId;
      selectedId = null;
      schedule();
    },
    /** "You are here": a dot (and the accuracy circle) at lon, lat; the view moves there. */
    showHere(lon, lat, accuracyM = 0, zoom = 14) {
      here?.remove();
      const dot = circleMarker([lat, lon], {
        radius: 8,
        className: 'you-are-here',
        color: '#fff',
        weight: 3,
        fillColor: '#1a73e8',
        fillOpacity: 1,
        interactive: false,
      });
      const ring =
        accuracyM > 0
          ? circle([lat, lon], { radius: accuracyM, className: 'you-are-here-accuracy', interactive: false, weight: 1 })
          : null;
      here = layerGroup(ring ? [ring, dot] : [dot]).addTo(map);
      this.flyTo(lon, lat, zoom);
    },
    flyTo(lon, lat, zoom = 13) {
      const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
      map.setView([lat, lon], zoom, { animate: !reduce });
    },
    invalidate() {
      map.invalidateSize();
    },
    relabel() {
      for (const m of storyMarkers) m.fire('relabel');
      schedule();
    },
    labelLayer,
  };
}

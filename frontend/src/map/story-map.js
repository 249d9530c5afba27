// The story page's small map: the story's point, route or area, and for a memory the teller's
// own place. Loaded only on the story page. Works without tiles: the region outline and the
// place labels say where it is. (A minimal drawing of a story's geometry; the story form's
// map/draw.js may take this over.)
import './story-map.css';
import { geoJSON, latLngBounds, map as leafletMap, marker } from 'leaflet';
import { kindIcon, labelIcon } from './markers.js';
import { addRegionAndBasemap } from './region.js';

/**
 * createStoryMap(el, {config, feature, origin: {name, lon, lat} | null, originLabel}) → {destroy()}
 * The story's own place is drawn at once; the basemap and region outline, then the place labels,
 * each in a task of their own, so the browser can answer a tap in between (Lighthouse counted
 * the whole map as one long task of the story page).
 */
export function createStoryMap(el, { config, feature, origin = null, originLabel = '' }) {
  const map = leafletMap(el, {
    zoomControl: true,
    attributionControl: true,
    scrollWheelZoom: false, // the page scrolls; zoom with the buttons or by pinching
    keyboard: true,
    zoomSnap: 0.25,
  });
  map.attributionControl.setPrefix(false);
  map.createPane('placeLabels');
  const kind = feature.properties?.kind;
  const shape = geoJSON(feature.geometry, {
    interactive: false,
    className: `story-shape story-shape-${kind}`,
    pointToLayer: (_point, latlng) =>
      marker(latlng, { icon: kindIcon(kind, { large: true }), keyboard: false, interactive: false }),
    style: { color: '#1d5e3a', weight: 5, fillOpacity: 0.2 },
  });
  let bounds = shape.getBounds();
  if (origin) bounds = latLngBounds([bounds.getSouthWest(), bounds.getNorthEast(), [origin.lat, origin.lon]]);
  // The view first: Leaflet makes the markers' elements only on a map that has one.
  if (feature.geometry.type === 'Point' && !origin) map.setView(bounds.getCenter(), 13, { animate: false });
  else map.fitBounds(bounds.pad(0.25), { animate: false, maxZoom: 15 });
  shape.addTo(map);
  if (origin) {
    const m = marker([origin.lat, origin.lon], {
      icon: labelIcon(`⌂ ${origin.name}`),
      interactive: false,
      keyboard: false,
    }).addTo(map);
    m.getElement()?.classList.add('origin-marker');
    m.getElement()?.setAttribute('title', originLabel);
  }
  let removed = false;
  const later = (draw) =>
    setTimeout(() => {
      if (!removed) draw();
    });
  later(() => {
    addRegionAndBasemap(map, config);
    shape.bringToFront(); // the story's line or shape over the region's outline
    later(() => {
      for (const place of config.region.labels || []) {
        marker([place.lat, place.lon], {
          icon: labelIcon(place.name),
          interactive: false,
          keyboard: false,
          pane: 'placeLabels',
        }).addTo(map);
      }
    });
  });
  return {
    destroy: () => {
      removed = true;
      map.remove();
    },
    invalidate: () => map.invalidateSize(),
  };
}

// A school project's area on a map (docs/schools.md): drawn by tapping its corners (with undo),
// shown as an outline with the class's stories on top, or around a place with a radius. Kept
// small on purpose: the general drawing tool (map/draw.js) may take the drawing over later.
import { circle, geoJSON, latLngBounds, map as leafletMap, marker, polygon, polyline, tileLayer } from 'leaflet';
import { roundCoord } from '../geo.js';
import { kindIcon } from './markers.js';

const AREA_STYLE = { color: '#1d5e3a', weight: 3, fillColor: '#1d5e3a', fillOpacity: 0.12 };

function baseMap(el, config) {
  const [minLon, minLat, maxLon, maxLat] = config.region.bbox;
  const bounds = latLngBounds([minLat, minLon], [maxLat, maxLon]);
  const map = leafletMap(el, { maxBounds: bounds.pad(0.3), minZoom: 7, maxZoom: 18, keyboard: true });
  map.attributionControl.setPrefix(false);
  const basemap = (config.basemaps || [])[0];
  if (basemap) tileLayer(basemap.url, { attribution: basemap.attribution, maxZoom: basemap.max_zoom }).addTo(map);
  map.fitBounds(bounds, { animate: false });
  return map;
}

/** The project's area as a layer on a Leaflet map (used by the pin picker for pupils too). */
export function areaLayer(area) {
  return geoJSON(area, { interactive: false, style: { ...AREA_STYLE, dashArray: '8 6', className: 'project-area' } });
}

/**
 * createAreaDrawer(el, {config, area, onChange}) → {undo, clear, addAtCentre, showCircle,
 *   geometry, count, invalidate, destroy}
 * Each tap (or addAtCentre) adds a corner; three or more make the polygon. onChange(count).
 */
export function createAreaDrawer(el, { config, area, onChange }) {
  const map = baseMap(el, config);
  let points = []; // [lat, lng]
  if (area?.type === 'Polygon') points = area.coordinates[0].slice(0, -1).map(([lon, lat]) => [lat, lon]);
  const line = polyline([], { ...AREA_STYLE, dashArray: '6 6' }).addTo(map);
  const shape = polygon([], AREA_STYLE).addTo(map);
  let corners = [];
  let placeCircle = null;

  function draw() {
    for (const m of corners) m.remove();
    corners = points.map((ll) =>
      marker(ll, { icon: kindIcon('story'), interactive: false, keyboard: false }).addTo(map),
    );
    line.setLatLngs(points.length < 3 ? points : []);
    shape.setLatLngs(points.length >= 3 ? points : []);
    onChange?.(points.length);
  }
  function add(latlng) {
    points.push([roundCoord(latlng.lat), roundCoord(latlng.lng)]);
    placeCircle?.remove();
    placeCircle = null;
    draw();
  }
  map.on('click', (event) => add(event.latlng));
  draw();
  if (points.length >= 3) map.fitBounds(shape.getBounds().pad(0.2), { animate: false });

  return {
    undo() {
      points.pop();
      draw();
    },
    clear() {
      points = [];
      draw();
    },
    addAtCentre: () => add(map.getCenter()),
    /** Show a place and its radius instead of drawn corners (the server makes that area). */
    showCircle([lon, lat], radius) {
      points = [];
      draw();
      placeCircle?.remove();
      placeCircle = circle([lat, lon], { ...AREA_STYLE, radius }).addTo(map);
      map.fitBounds(placeCircle.getBounds().pad(0.2), { animate: false });
    },
    /** The drawn polygon as GeoJSON, or null with fewer than three corners. */
    geometry() {
      if (points.length < 3) return null;
      const ring = points.map(([lat, lng]) => [lng, lat]);
      return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
    },
    get count() {
      return points.length;
    },
    invalidate: () => map.invalidateSize(),
    destroy: () => map.remove(),
  };
}

/**
 * createClassMap(el, {config, area, features, describe, onSelect}) → {invalidate, destroy}
 * The project's area and its stories (points; routes and areas at their first point).
 */
export function createClassMap(el, { config, area, features, describe, onSelect }) {
  const map = baseMap(el, config);
  const outline = area ? areaLayer(area).addTo(map) : null;
  if (outline) map.fitBounds(outline.getBounds().pad(0.1), { animate: false });
  for (const feature of features) {
    const point = firstPoint(feature.geometry);
    if (!point) continue;
    const m = marker([point[1], point[0]], { icon: kindIcon(feature.properties.kind), keyboard: true }).addTo(map);
    const pin = m.getElement();
    pin?.setAttribute('role', 'button');
    pin?.setAttribute('aria-label', describe(feature));
    pin?.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      m.fire('click');
    });
    m.on('click', () => onSelect(feature));
  }
  return { invalidate: () => map.invalidateSize(), destroy: () => map.remove() };
}

function firstPoint(geometry) {
  if (!geometry) return null;
  let c = geometry.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return c;
}

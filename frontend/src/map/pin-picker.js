// A small map to place a story: tap to move the pin, drag it, or set it from GPS or a search.
// In route or area mode (setShape) taps add points to the drawing instead (draw.js).
import { geoJSON, latLngBounds, map as leafletMap, marker, tileLayer } from 'leaflet';
import { bboxPolygon, clampToBbox, outsideMask, roundCoord } from '../geo.js';
import { createShapeDrawer } from './draw.js';
import { kindIcon, labelIcon } from './markers.js';
import { areaLayer } from './project-area.js';

/**
 * createPinPicker(el, {config, kind, position, onChange, label, shape, vertices, onDraw})
 * shape: 'Point' (a pin, onChange([lon, lat])) or 'LineString'/'Polygon' (points drawn by
 * tapping, onDraw(drawing) after every change; see shape.js for the drawing).
 */
export function createPinPicker(
  el,
  { config, kind, position, onChange, label, shape = 'Point', vertices = [], onDraw },
) {
  const bbox = config.region.bbox;
  const [minLon, minLat, maxLon, maxLat] = bbox;
  const bounds = latLngBounds([minLat, minLon], [maxLat, maxLon]);
  const map = leafletMap(el, { maxBounds: bounds.pad(0.3), minZoom: 7, maxZoom: 18, keyboard: true });
  map.attributionControl.setPrefix(false);
  geoJSON(outsideMask(bbox), {
    interactive: false,
    style: { stroke: false, fillColor: '#d9d4c3', fillOpacity: 0.55 },
  }).addTo(map);
  geoJSON(bboxPolygon(bbox), {
    interactive: false,
    style: { color: '#1d5e3a', weight: 2, dashArray: '6 6', fill: false },
  }).addTo(map);
  for (const place of (config.region.labels || []).slice(0, 12))
    marker([place.lat, place.lon], { icon: labelIcon(place.name), interactive: false, keyboard: false }).addTo(map);
  const basemap = (config.basemaps || [])[0];
  if (basemap) tileLayer(basemap.url, { attribution: basemap.attribution, maxZoom: basemap.max_zoom }).addTo(map);

  // A pupil's project area (ui/schools/): shown, and the map opens on it.
  const projectArea = config.projectArea ? areaLayer(config.projectArea).addTo(map) : null;

  let pin = null;
  let current = position || null;

  function place([lon, lat], { pan = true, notify = true } = {}) {
    [lon, lat] = clampToBbox([lon, lat], bbox).map(roundCoord);
    current = [lon, lat];
    if (!pin) {
      pin = marker([lat, lon], {
        icon: kindIcon(kind, { large: true }),
        draggable: true,
        keyboard: true,
        autoPan: true,
      }).addTo(map);
      pin.on('dragend', () => {
        const ll = pin.getLatLng();
        place([ll.lng, ll.lat], { pan: false });
      });
      pin.getElement()?.setAttribute('aria-label', label);
    } else pin.setLatLng([lat, lon]);
    // Before the map has a view (a restored draft, an edit) getZoom() is undefined: Math.max
    // would make NaN and Leaflet would ask for "an infinite number of tiles".
    const zoom = Number.isFinite(map.getZoom()) ? Math.max(map.getZoom(), 14) : 14;
    if (pan)
      map.setView([lat, lon], zoom, {
        animate: !matchMedia('(prefers-reduced-motion: reduce)').matches,
      });
    if (notify) onChange(current);
  }

  let drawer = null;
  function clamp([lon, lat]) {
    return clampToBbox([lon, lat], bbox).map(roundCoord);
  }
  function setShape(next, points = []) {
    shape = next;
    drawer?.destroy();
    drawer = null;
    if (shape === 'Point') {
      if (current && !pin) place(current, { notify: false, pan: false });
      pin?.addTo(map);
      return;
    }
    pin?.remove();
    drawer = createShapeDrawer(map, { type: shape, points, kind, onChange: (drawing) => onDraw?.(drawing) });
  }

  map.on('click', (event) => {
    const point = [event.latlng.lng, event.latlng.lat];
    if (drawer) drawer.add(clamp(point));
    else place(point, { pan: false });
  });
  if (shape !== 'Point') {
    setShape(shape, vertices);
    if (vertices.length) drawer.fit();
    else map.fitBounds(bounds, { animate: false });
  } else if (current) place(current, { notify: false });
  else map.fitBounds(projectArea ? projectArea.getBounds().pad(0.1) : bounds, { animate: false });

  return {
    place,
    setShape,
    /** The drawer of a route or an area (null for a pin). */
    get drawer() {
      return drawer;
    },
    /** Add a point to the route or area (typed or chosen by name), and show it. */
    addPoint(point) {
      const p = clamp(point);
      drawer?.add(p);
      map.setView([p[1], p[0]], Math.max(map.getZoom(), 11), { animate: false });
    },
    setKind(next) {
      kind = next;
      drawer?.setKind(kind);
      pin?.setIcon(kindIcon(kind, { large: true }));
      pin?.getElement()?.setAttribute('aria-label', label);
    },
    /** Put the pin at the centre of what is in view (for keyboard users). */
    placeAtCentre() {
      const c = map.getCenter();
      place([c.lng, c.lat], { pan: false });
    },
    get position() {
      return current;
    },
    /** The map's centre, as [lon, lat] (a keyboard user adds it as a point). */
    get centre() {
      const c = map.getCenter();
      return [c.lng, c.lat];
    },
    invalidate: () => map.invalidateSize(),
    destroy: () => map.remove(),
  };
}

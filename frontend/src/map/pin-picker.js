// A small map to place a story: tap to move the pin, drag it, or set it from GPS or a search.
import { geoJSON, latLngBounds, map as leafletMap, marker, tileLayer } from 'leaflet';
import { bboxPolygon, clampToBbox, outsideMask, roundCoord } from '../geo.js';
import { kindIcon, labelIcon } from './markers.js';
import { areaLayer } from './project-area.js';

export function createPinPicker(el, { config, kind, position, onChange, label }) {
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
    if (pan)
      map.setView([lat, lon], Math.max(map.getZoom(), 14), {
        animate: !matchMedia('(prefers-reduced-motion: reduce)').matches,
      });
    if (notify) onChange(current);
  }

  map.on('click', (event) => place([event.latlng.lng, event.latlng.lat], { pan: false }));
  if (current) place(current, { notify: false });
  else map.fitBounds(projectArea ? projectArea.getBounds().pad(0.1) : bounds, { animate: false });

  return {
    place,
    setKind(next) {
      kind = next;
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
    invalidate: () => map.invalidateSize(),
    destroy: () => map.remove(),
  };
}

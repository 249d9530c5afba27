// Small maps of the curators' workbench: one story's place on the desk, the density grid and
// the "waar kom jij weg?" lines on the dashboard. Each draws the region (so it reads without
// tiles) and the configured basemap; what it shows is also in text or a table beside it.
import { geoJSON, latLngBounds, map as leafletMap, marker, polyline, rectangle } from 'leaflet';
import { kindIcon } from './markers.js';
import { addRegionAndBasemap } from './region.js';

function baseMap(el, config, { interactive = true } = {}) {
  const [minLon, minLat, maxLon, maxLat] = config.region.bbox;
  const bounds = latLngBounds([minLat, minLon], [maxLat, maxLon]);
  const map = leafletMap(el, {
    zoomControl: interactive,
    attributionControl: true,
    keyboard: false, // the facts are in the text beside the map; no extra tab stop
    dragging: interactive,
    scrollWheelZoom: false,
    minZoom: 6,
    maxZoom: 17,
  });
  map.attributionControl.setPrefix(false);
  map.fitBounds(bounds, { animate: false, padding: [4, 4] });
  addRegionAndBasemap(map, config, { weight: 1.5 });
  return map;
}

/** One story's geometry (point, route or area) on a small map; returns {destroy()}. */
export function createStoryMap(el, { config, feature }) {
  const map = baseMap(el, config);
  if (feature?.geometry) {
    if (feature.geometry.type === 'Point') {
      const [lon, lat] = feature.geometry.coordinates;
      marker([lat, lon], { icon: kindIcon(feature.properties.kind), interactive: false, keyboard: false }).addTo(map);
      map.setView([lat, lon], 13, { animate: false });
    } else {
      const shape = geoJSON(feature.geometry, { interactive: false, style: { color: '#a14a06', weight: 3 } }).addTo(
        map,
      );
      map.fitBounds(shape.getBounds(), { animate: false, maxZoom: 15, padding: [8, 8] });
    }
  }
  return { destroy: () => map.remove() };
}

/** The density grid: cells {lon, lat, count} of `size` [dLon, dLat] degrees, darker = more. */
export function createDensityMap(el, { config, cells }) {
  const map = baseMap(el, config);
  const max = Math.max(1, ...cells.items.map((c) => c.count));
  const [dLon, dLat] = cells.size;
  for (const cell of cells.items) {
    rectangle(
      [
        [cell.lat, cell.lon],
        [cell.lat + dLat, cell.lon + dLon],
      ],
      {
        interactive: false,
        stroke: false,
        fillColor: '#7a2e00',
        // Square root: a few busy cells should not wash out the rest.
        fillOpacity: 0.15 + 0.7 * Math.sqrt(cell.count / max),
      },
    ).addTo(map);
  }
  return { destroy: () => map.remove() };
}

/** "Waar kom jij weg?": LineString features with properties {from, to, count}. */
export function createOriginsMap(el, { config, lines }) {
  const map = baseMap(el, config);
  const max = Math.max(1, ...lines.features.map((f) => f.properties.count));
  for (const line of lines.features) {
    const [[fromLon, fromLat], [toLon, toLat]] = line.geometry.coordinates;
    polyline(
      [
        [fromLat, fromLon],
        [toLat, toLon],
      ],
      {
        interactive: false,
        color: '#1d4ed8',
        opacity: 0.7,
        weight: 1.5 + 5 * Math.sqrt(line.properties.count / max),
      },
    ).addTo(map);
  }
  return { destroy: () => map.remove() };
}

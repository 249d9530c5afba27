// Small geographic helpers (no Leaflet here, so they are testable and usable anywhere).

export const ERA_MIN = -12000;
export const ERA_MAX = 2200;

export function inBbox([lon, lat], [minLon, minLat, maxLon, maxLat]) {
  return lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat;
}

export function bboxCenter([minLon, minLat, maxLon, maxLat]) {
  return [(minLon + maxLon) / 2, (minLat + maxLat) / 2];
}

/** The region's bounding box as a GeoJSON polygon (drawn as the region outline). */
export function bboxPolygon([minLon, minLat, maxLon, maxLat]) {
  return {
    type: 'Feature',
    properties: {},
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [minLon, minLat],
          [maxLon, minLat],
          [maxLon, maxLat],
          [minLon, maxLat],
          [minLon, minLat],
        ],
      ],
    },
  };
}

/** A "mask" polygon: the world with the region cut out, to dim what lies outside. */
export function outsideMask(bbox) {
  const ring = bboxPolygon(bbox).geometry.coordinates[0];
  return {
    type: 'Feature',
    properties: {},
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [-180, -85],
          [180, -85],
          [180, 85],
          [-180, 85],
          [-180, -85],
        ],
        ring.slice().reverse(),
      ],
    },
  };
}

/** Clamp a [lon, lat] into the box, so a pin can never be placed outside the region. */
export function clampToBbox([lon, lat], [minLon, minLat, maxLon, maxLat]) {
  return [Math.min(Math.max(lon, minLon), maxLon), Math.min(Math.max(lat, minLat), maxLat)];
}

/** Great-circle distance in metres. */
export function distanceMetres([lon1, lat1], [lon2, lat2]) {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function formatDistance(metres, language = 'nl') {
  if (metres < 1000) return `${Math.round(metres / 10) * 10} m`;
  const km = metres / 1000;
  return `${km.toLocaleString(language === 'en' ? 'en-GB' : 'nl-NL', { maximumFractionDigits: km < 10 ? 1 : 0 })} km`;
}

/** Round a coordinate to 6 decimals (~0.1 m), as the server stores it. */
export function roundCoord(value) {
  return Math.round(value * 1e6) / 1e6;
}

/** Filter state → query parameters of /stories and /map. "was – is – wordt" is the server's
 * frame (memories and the past; now; wishes); the years are a free range whose overlapping
 * stories match, with the undated ones left out unless `undated`. */
export function filterQuery({
  kinds = [],
  theme = '',
  period = '',
  era_from = null,
  era_to = null,
  undated = false,
} = {}) {
  const query = {};
  if (kinds.length) query.kind = kinds.join(',');
  if (theme) query.theme = theme;
  if (period) query.frame = period;
  if (era_from !== null && era_from !== '' && !Number.isNaN(Number(era_from))) query.era_from = Number(era_from);
  if (era_to !== null && era_to !== '' && !Number.isNaN(Number(era_to))) query.era_to = Number(era_to);
  if (undated && ('era_from' in query || 'era_to' in query)) query.undated = 'include';
  return query;
}

/** A story geometry's representative [lon, lat]: the point itself, else the first vertex. */
export function representativePoint(geometry) {
  if (!geometry) return null;
  let coords = geometry.coordinates;
  while (Array.isArray(coords?.[0])) coords = coords[0];
  return coords ? [coords[0], coords[1]] : null;
}

/** A point to put a feature's number on: the point itself, a route's start, an area's first corner. */
export function anchorOf(geometry) {
  if (!geometry) return null;
  if (geometry.type === 'Point') return geometry.coordinates;
  if (geometry.type === 'LineString') return geometry.coordinates[0];
  if (geometry.type === 'Polygon') return geometry.coordinates[0][0];
  if (geometry.type === 'MultiPoint') return geometry.coordinates[0];
  return null;
}

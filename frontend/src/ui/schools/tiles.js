// Which basemap tiles cover a project's area, how many there are and roughly how many bytes
// they take, so "prepare for outside" can count first and stay within a byte bound. Web
// Mercator "slippy map" tiles as Leaflet asks for them. No DOM: tested in tests/schools.test.js.

/** The tile holding [lon, lat] at zoom z: [x, y]. */
export function tileOf([lon, lat], z) {
  const n = 2 ** z;
  const clampedLat = Math.max(-85.0511, Math.min(85.0511, lat));
  const rad = (clampedLat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}

/** The bounding box [minLon, minLat, maxLon, maxLat] of a GeoJSON Polygon or MultiPolygon. */
export function areaBbox(geometry) {
  const polygons = geometry.type === 'MultiPolygon' ? geometry.coordinates : [geometry.coordinates];
  let box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of polygons)
    for (const [lon, lat] of polygon[0])
      box = [Math.min(box[0], lon), Math.min(box[1], lat), Math.max(box[2], lon), Math.max(box[3], lat)];
  return box;
}

/** The tile range [x0, y0, x1, y1] (inclusive) covering a bbox at zoom z. */
export function tileRange([minLon, minLat, maxLon, maxLat], z) {
  const [x0, y0] = tileOf([minLon, maxLat], z);
  const [x1, y1] = tileOf([maxLon, minLat], z);
  return [x0, y0, x1, y1];
}

/** How many tiles cover the bbox at each zoom: {z: count}. */
export function countTiles(bbox, zooms) {
  const counts = {};
  for (const z of zooms) {
    const [x0, y0, x1, y1] = tileRange(bbox, z);
    counts[z] = (x1 - x0 + 1) * (y1 - y0 + 1);
  }
  return counts;
}

/**
 * The zoom levels to fetch: from `minZoom` up while the estimated bytes (count × average tile
 * size) stay within `maxBytes`, never above the basemap's `maxZoom`. → {zooms, tiles, bytes}.
 */
export function planTrip(bbox, { minZoom = 10, maxZoom = 17, maxBytes, tileBytes = 25_000 }) {
  const zooms = [];
  let tiles = 0;
  for (let z = minZoom; z <= maxZoom; z++) {
    const count = countTiles(bbox, [z])[z];
    if ((tiles + count) * tileBytes > maxBytes) break;
    zooms.push(z);
    tiles += count;
  }
  return { zooms, tiles, bytes: tiles * tileBytes };
}

/** Every tile of the plan, lowest zoom first: [z, x, y]. */
export function* tilesOf(bbox, zooms) {
  for (const z of zooms) {
    const [x0, y0, x1, y1] = tileRange(bbox, z);
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) yield [z, x, y];
  }
}

/**
 * A tile's address from the basemap's template, exactly as Leaflet's TileLayer makes it (its
 * `{s}` is subdomain (x + y) mod the count, 'abc' by default), so the cached copy is the one the
 * map asks for.
 */
export function tileUrl(template, [z, x, y], subdomains = 'abc') {
  const s = subdomains[Math.abs(x + y) % subdomains.length];
  return template
    .replace('{s}', s)
    .replace('{z}', String(z))
    .replace('{x}', String(x))
    .replace('{y}', String(y))
    .replace('{r}', '');
}

// A printable map of a collection as SVG: routes, areas and numbered points on the region's
// outline. Print needs no tiles (and may have no network), so it is drawn, not loaded.
const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

function points(geometry) {
  if (!geometry) return [];
  if (geometry.type === 'Point') return [geometry.coordinates];
  if (geometry.type === 'LineString' || geometry.type === 'MultiPoint') return geometry.coordinates;
  if (geometry.type === 'Polygon') return geometry.coordinates[0];
  return [];
}

/** sketchMap(features, {bbox, places, width, height, label}) → an <svg> with numbered stories
 * and the names of the region's places ({name, lon, lat}) that fall inside. */
export function sketchMap(features, { bbox, places = [], width = 1000, height = 700, label = '' }) {
  const all = features.flatMap((f) => points(f.geometry));
  let [minLon, minLat, maxLon, maxLat] = bbox;
  if (all.length) {
    minLon = Math.min(...all.map((p) => p[0]));
    maxLon = Math.max(...all.map((p) => p[0]));
    minLat = Math.min(...all.map((p) => p[1]));
    maxLat = Math.max(...all.map((p) => p[1]));
  }
  // Some room around the stories, and a sensible minimum for a single one.
  const padLon = Math.max((maxLon - minLon) * 0.15, 0.01);
  const padLat = Math.max((maxLat - minLat) * 0.15, 0.006);
  [minLon, maxLon, minLat, maxLat] = [minLon - padLon, maxLon + padLon, minLat - padLat, maxLat + padLat];
  const k = Math.cos(((minLat + maxLat) / 2) * (Math.PI / 180)); // metres per degree, east vs north
  const scale = Math.min(width / ((maxLon - minLon) * k), height / (maxLat - minLat));
  const x = (lon) => (width - (maxLon - minLon) * k * scale) / 2 + (lon - minLon) * k * scale;
  const y = (lat) => (height - (maxLat - minLat) * scale) / 2 + (maxLat - lat) * scale;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, class: 'sketch-map' });
  root.append(svg('rect', { x: 0, y: 0, width, height, class: 'sketch-ground' }));
  for (const place of places) {
    const [px, py] = [x(place.lon), y(place.lat)];
    if (px < 20 || px > width - 120 || py < 30 || py > height - 10) continue;
    root.append(svg('circle', { cx: px, cy: py, r: 4, class: 'sketch-place' }));
    root.append(svg('text', { x: px + 8, y: py - 6, class: 'sketch-place' }, place.name));
  }
  features.forEach((feature) => {
    const g = feature.geometry;
    const path = points(g).map(([lon, lat]) => `${x(lon).toFixed(1)},${y(lat).toFixed(1)}`);
    if (g?.type === 'LineString') root.append(svg('polyline', { points: path.join(' '), class: 'sketch-route' }));
    if (g?.type === 'Polygon') root.append(svg('polygon', { points: path.join(' '), class: 'sketch-area' }));
  });
  features.forEach((feature, index) => {
    const at = points(feature.geometry)[0];
    if (!at) return;
    const group = svg('g', { class: 'sketch-pin' });
    group.append(
      svg('circle', { cx: x(at[0]), cy: y(at[1]), r: 22 }),
      svg('text', { x: x(at[0]), y: y(at[1]) + 9, 'text-anchor': 'middle' }, String(index + 1)),
    );
    root.append(group);
  });
  return root;
}

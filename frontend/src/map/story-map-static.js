// The story page's small map as a picture first: the basemap's tiles as <img>, the region's
// outline and the story's route or area as SVG, its point and the place names as the same
// elements Leaflet's markers use. No Leaflet: on a phone, evaluating Leaflet and drawing the
// map were the story page's largest tasks during load (docs/performance.md). The page loads the
// real map (map/story-map.js) when the visitor reaches for it (ui/story-page.js).

const SVG = 'http://www.w3.org/2000/svg';
const TILE = 256;

/** Web Mercator pixel of [lon, lat] at zoom `z`, as Leaflet and the tile servers count them. */
export function project([lon, lat], z) {
  const size = TILE * 2 ** z;
  const rad = (Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180;
  return [((lon + 180) / 360) * size, ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * size];
}

/** Every position of a GeoJSON geometry, flat. */
export function positions(geometry) {
  const out = [];
  const walk = (c) => (typeof c[0] === 'number' ? out.push(c) : c.forEach(walk));
  if (geometry.type === 'GeometryCollection') for (const g of geometry.geometries) out.push(...positions(g));
  else walk(geometry.coordinates);
  return out;
}

/**
 * view(points, {width, height, single}) → {zoom, left, top}: what createStoryMap shows — a single
 * point at zoom 13, else the points' bounds padded by a quarter on each side, at most zoom 15 —
 * with a whole zoom, so the tiles fit without scaling.
 */
export function view(points, { width, height, single }) {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    const [x, y] = project(p, 0);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  let zoom = 13;
  if (!single) {
    const dx = (maxX - minX) * 1.5 || 1e-9;
    const dy = (maxY - minY) * 1.5 || 1e-9;
    zoom = Math.max(0, Math.min(15, Math.floor(Math.log2(Math.min(width / dx, height / dy)))));
  }
  const scale = 2 ** zoom;
  return { zoom, left: ((minX + maxX) / 2) * scale - width / 2, top: ((minY + maxY) / 2) * scale - height / 2 };
}

function placed(el, x, y) {
  el.style.left = `${Math.round(x)}px`;
  el.style.top = `${Math.round(y)}px`;
  return el;
}

function span(className, text) {
  const el = document.createElement('span');
  el.className = className;
  if (text) el.textContent = text;
  return el;
}

function svgPath(d, className) {
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  path.setAttribute('class', className);
  return path;
}

/**
 * drawStaticStoryMap(el, {config, feature, origin: {name, lon, lat} | null, originLabel}) → the
 * picture's element, appended to `el` (whose size it reads once).
 */
export function drawStaticStoryMap(el, { config, feature, origin = null, originLabel = '' }) {
  const width = el.clientWidth || 320;
  const height = el.clientHeight || 224;
  const geometry = feature.geometry;
  const points = positions(geometry);
  if (origin) points.push([origin.lon, origin.lat]);
  const { zoom, left, top } = view(points, { width, height, single: geometry.type === 'Point' && !origin });
  const px = (p) => {
    const [x, y] = project(p, zoom);
    return [x - left, y - top];
  };
  const box = document.createElement('div');
  box.className = 'story-map-static';

  const basemap = (config.basemaps || [])[0];
  if (basemap && zoom <= (basemap.max_zoom ?? 19)) {
    const n = 2 ** zoom;
    for (let ty = Math.floor(top / TILE); ty <= Math.floor((top + height) / TILE); ty++) {
      for (let tx = Math.floor(left / TILE); tx <= Math.floor((left + width) / TILE); tx++) {
        if (ty < 0 || ty >= n) continue;
        const img = document.createElement('img');
        img.className = 'story-map-tile';
        img.alt = '';
        img.decoding = 'async';
        img.addEventListener('error', () => img.remove()); // as Leaflet: no broken-image box offline
        img.src = basemap.url
          .replace('{s}', 'a')
          .replace('{r}', '')
          .replace('{z}', zoom)
          .replace('{x}', ((tx % n) + n) % n)
          .replace('{y}', ty);
        box.append(placed(img, tx * TILE - left, ty * TILE - top));
      }
    }
  }

  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('aria-hidden', 'true');
  const ring = (coords, close) =>
    `${coords.map((p, i) => `${i ? 'L' : 'M'}${px(p).map((v) => v.toFixed(1))}`).join('')}${close ? 'Z' : ''}`;
  const [minLon, minLat, maxLon, maxLat] = config.region.bbox;
  svg.append(
    svgPath(
      ring(
        [
          [minLon, minLat],
          [maxLon, minLat],
          [maxLon, maxLat],
          [minLon, maxLat],
        ],
        true,
      ),
      'story-map-region',
    ),
  );
  const kind = feature.properties?.kind;
  const shapes = geometry.type === 'GeometryCollection' ? geometry.geometries : [geometry];
  const pins = [];
  for (const g of shapes) {
    const c = g.coordinates;
    if (g.type === 'Point') pins.push(c);
    else if (g.type === 'MultiPoint') pins.push(...c);
    else {
      const lines =
        g.type === 'LineString'
          ? [[c, false]]
          : g.type === 'MultiLineString'
            ? c.map((l) => [l, false])
            : (g.type === 'Polygon' ? [c] : c).flat().map((r) => [r, true]);
      const d = lines.map(([l, close]) => ring(l, close)).join('');
      svg.append(svgPath(d, `story-shape story-shape-${kind}${g.type.includes('Line') ? ' story-shape-line' : ''}`));
    }
  }
  box.append(svg);

  for (const place of config.region.labels || []) {
    const [x, y] = px([place.lon, place.lat]);
    if (x < 0 || y < 0 || x > width || y > height) continue;
    const label = span('place-label-wrap story-map-mark');
    label.append(span('place-label', place.name));
    box.append(placed(label, x, y));
  }
  for (const p of pins) {
    const pin = span('pin-wrap story-map-mark story-map-pin');
    pin.append(span(`pin pin-${kind || 'story'}`));
    box.append(placed(pin, ...px(p)));
  }
  if (origin) {
    const mark = span('place-label-wrap origin-marker story-map-mark');
    mark.title = originLabel;
    mark.append(span('place-label', `⌂ ${origin.name}`));
    box.append(placed(mark, ...px([origin.lon, origin.lat])));
  }
  if (basemap?.attribution) box.append(span('story-map-attribution', basemap.attribution));
  el.append(box);
  return box;
}

// Drawing a route (LineString) or an area (Polygon) point by point, as plain data: the list of
// points with undo, the GeoJSON geometry it makes, and what the server would refuse, said in
// words before sending. No DOM and no Leaflet here, so the rules are tested on their own.

export const MAX_VERTICES = 500; // the API's limit (docs/api.md), counted as the server does
export const SHAPES = ['Point', 'LineString', 'Polygon'];

/** createDrawing(type, points) → a drawing whose points change only through its methods. */
export function createDrawing(type = 'LineString', points = []) {
  let current = points.map(([lon, lat]) => [lon, lat]);
  const history = [];
  return {
    get type() {
      return type;
    },
    get points() {
      return current.map((p) => [...p]);
    },
    add(point) {
      history.push(current);
      current = [...current, [point[0], point[1]]];
    },
    /** Move point `index` (dragging a corner). */
    move(index, point) {
      if (index < 0 || index >= current.length) return;
      history.push(current);
      current = current.map((p, i) => (i === index ? [point[0], point[1]] : p));
    },
    remove(index) {
      if (index < 0 || index >= current.length) return;
      history.push(current);
      current = current.filter((_, i) => i !== index);
    },
    clear() {
      if (!current.length) return;
      history.push(current);
      current = [];
    },
    /** Undo the last change; false when there is nothing to undo. */
    undo() {
      if (!history.length) return false;
      current = history.pop();
      return true;
    },
    get canUndo() {
      return history.length > 0;
    },
    geometry() {
      return toGeometry(type, current);
    },
    problems() {
      return shapeProblems(type, current);
    },
  };
}

/** The GeoJSON geometry of a drawing's points; an area's ring is closed here. Null when empty. */
export function toGeometry(type, points) {
  if (!points.length) return null;
  if (type === 'Point') return { type, coordinates: points[0] };
  if (type === 'LineString') return { type, coordinates: points };
  return { type: 'Polygon', coordinates: [[...points, points[0]]] };
}

/** A geometry's points back for drawing: a route's line, an area's ring without the closing point. */
export function pointsOf(geometry) {
  if (!geometry) return [];
  if (geometry.type === 'Point') return [geometry.coordinates];
  if (geometry.type === 'LineString') return geometry.coordinates;
  if (geometry.type === 'Polygon') {
    const ring = geometry.coordinates[0] || [];
    const closed = ring.length > 1 && samePoint(ring[0], ring[ring.length - 1]);
    return closed ? ring.slice(0, -1) : ring;
  }
  return [];
}

/**
 * What the server would refuse, as i18n keys with their numbers: [{key, n}], in the order to
 * fix them. Empty when the drawing can go.
 */
export function shapeProblems(type, points) {
  const problems = [];
  const vertices = type === 'Polygon' ? points.length + 1 : points.length;
  if (type === 'LineString' && points.length < 2) problems.push({ key: 'draw.errorRouteShort', n: 2 });
  if (type === 'Polygon' && points.length < 3) problems.push({ key: 'draw.errorAreaShort', n: 3 });
  if (vertices > MAX_VERTICES) problems.push({ key: 'draw.errorTooMany', n: MAX_VERTICES });
  if (type === 'LineString' && points.length >= 2 && points.every((p) => samePoint(p, points[0])))
    problems.push({ key: 'draw.errorSamePoint', n: 0 });
  if (type === 'Polygon' && points.length >= 3) {
    if (selfCrossing(points)) problems.push({ key: 'draw.errorCrossing', n: 0 });
    else if (Math.abs(ringArea(points)) < 1e-12) problems.push({ key: 'draw.errorFlat', n: 0 });
  }
  return problems;
}

function samePoint(a, b) {
  return a[0] === b[0] && a[1] === b[1];
}

function ringArea(points) {
  let sum = 0;
  for (let i = 0; i < points.length; i += 1) {
    const [x1, y1] = points[i];
    const [x2, y2] = points[(i + 1) % points.length];
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

/** Does the closed ring cross itself (the server's "not valid")? Edges that share a corner don't count. */
export function selfCrossing(points) {
  const n = points.length;
  const edges = points.map((p, i) => [p, points[(i + 1) % n]]);
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue; // neighbours share a corner
      if (segmentsCross(edges[i][0], edges[i][1], edges[j][0], edges[j][1])) return true;
    }
  }
  return false;
}

function orientation(a, b, c) {
  const value = (b[1] - a[1]) * (c[0] - b[0]) - (b[0] - a[0]) * (c[1] - b[1]);
  return value === 0 ? 0 : value > 0 ? 1 : 2;
}

function onSegment(a, b, c) {
  return (
    Math.min(a[0], c[0]) <= b[0] &&
    b[0] <= Math.max(a[0], c[0]) &&
    Math.min(a[1], c[1]) <= b[1] &&
    b[1] <= Math.max(a[1], c[1])
  );
}

function segmentsCross(p1, q1, p2, q2) {
  const o1 = orientation(p1, q1, p2);
  const o2 = orientation(p1, q1, q2);
  const o3 = orientation(p2, q2, p1);
  const o4 = orientation(p2, q2, q1);
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && onSegment(p1, p2, q1)) return true;
  if (o2 === 0 && onSegment(p1, q2, q1)) return true;
  if (o3 === 0 && onSegment(p2, p1, q2)) return true;
  if (o4 === 0 && onSegment(p2, q1, q2)) return true;
  return false;
}

/**
 * A typed point: "52.99, 6.56" (latitude first, as map apps show it) or "6.56 52.99"; the order
 * is recognised because Drenthe's latitudes (~52–53) are larger than its longitudes (~6–7).
 * Returns [lon, lat] or null.
 */
export function parseCoordinates(text) {
  let value = String(text).trim();
  // Dutch decimal commas ("52,99 6,56"), unless points are the decimals and commas separate.
  if (!value.includes('.')) value = value.replace(/(\d),(\d)/g, '$1.$2');
  const numbers = value
    .split(/[\s;,]+/)
    .filter(Boolean)
    .map(Number);
  if (numbers.length !== 2 || numbers.some((v) => !Number.isFinite(v))) return null;
  const [a, b] = numbers;
  const [lat, lon] = Math.abs(a) >= Math.abs(b) ? [a, b] : [b, a];
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return [lon, lat];
}

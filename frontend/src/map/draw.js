// Routes and areas on Leaflet maps: drawing one point by point in the form (the state and its
// rules live in ../shape.js, without Leaflet), and showing a story's line or shape on the main
// map and the story page. Plain Leaflet vectors: no drawing library is needed for taps + undo.
import { circleMarker, geoJSON, polygon, polyline } from 'leaflet';
import { createDrawing } from '../shape.js';

// The kinds' colours (app.css --memory … --wish): a shape never relies on colour alone, its
// marker at the representative point carries the kind's form.
export const KIND_COLOURS = { memory: '#a14a06', story: '#1d4ed8', photo: '#7e22ce', wish: '#15803d' };

/** Leaflet path options for a story's route or area of `kind`. */
export function shapeStyle(kind, { selected = false } = {}) {
  const color = KIND_COLOURS[kind] || KIND_COLOURS.story;
  return { color, weight: selected ? 5 : 3, opacity: 0.9, fillColor: color, fillOpacity: selected ? 0.25 : 0.15 };
}

/**
 * drawStoryGeometry(map, feature, {interactive, fit}) → the Leaflet layer (call .remove() to
 * take it away). Draws a story Feature's geometry: a route as a line, an area as a shape, a
 * point as a round dot. `fit` (default true) zooms the map to it.
 */
export function drawStoryGeometry(map, feature, { interactive = false, fit = true, maxZoom = 16 } = {}) {
  const kind = feature.properties?.kind;
  const style = shapeStyle(kind);
  const layer = geoJSON(feature.geometry, {
    interactive,
    style: () => style,
    pointToLayer: (_, latlng) => circleMarker(latlng, { ...style, radius: 8, fillOpacity: 0.8, weight: 2 }),
  }).addTo(map);
  if (fit) {
    const bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.2), { maxZoom, animate: false });
  }
  return layer;
}

/**
 * createShapeDrawer(map, {type, points, kind, onChange}) → {add, undo, clear, setType, points,
 * drawing, destroy}. Taps on the map add points (the pin picker forwards them); every corner is
 * a small round marker. onChange(drawing) after every change.
 */
export function createShapeDrawer(map, { type = 'LineString', points = [], kind = 'story', onChange = () => {} }) {
  let drawing = createDrawing(type, points);
  let path = null;
  let corners = [];

  function redraw() {
    path?.remove();
    for (const c of corners) c.remove();
    const latlngs = drawing.points.map(([lon, lat]) => [lat, lon]);
    const style = shapeStyle(kind, { selected: true });
    path =
      drawing.type === 'Polygon'
        ? polygon(latlngs, { ...style, interactive: false })
        : polyline(latlngs, { ...style, interactive: false });
    path.addTo(map);
    corners = latlngs.map((ll, index) =>
      circleMarker(ll, {
        radius: index === latlngs.length - 1 ? 7 : 5,
        color: '#fff',
        weight: 2,
        fillColor: style.color,
        fillOpacity: 1,
        interactive: false,
        className: 'draw-corner',
      }).addTo(map),
    );
  }

  function changed() {
    redraw();
    onChange(drawing);
  }

  redraw();
  return {
    get drawing() {
      return drawing;
    },
    get points() {
      return drawing.points;
    },
    add(point) {
      drawing.add(point);
      changed();
    },
    undo() {
      const done = drawing.undo();
      if (done) changed();
      return done;
    },
    clear() {
      drawing.clear();
      changed();
    },
    /** Switch between route and area, keeping the points. */
    setType(next) {
      drawing = createDrawing(next, drawing.points);
      changed();
    },
    setKind(next) {
      kind = next;
      redraw();
    },
    /** Show the whole drawing. */
    fit() {
      const bounds = path?.getBounds();
      if (bounds?.isValid()) map.fitBounds(bounds.pad(0.2), { maxZoom: 16, animate: false });
    },
    destroy() {
      path?.remove();
      for (const c of corners) c.remove();
      corners = [];
    },
  };
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exifGps } from '../src/photos.js';
import {
  createDrawing,
  MAX_VERTICES,
  parseCoordinates,
  pointsOf,
  selfCrossing,
  shapeProblems,
  toGeometry,
} from '../src/shape.js';

const A = [6.5, 52.9];
const B = [6.6, 52.9];
const C = [6.6, 53.0];
const D = [6.5, 53.0];
const keys = (type, points) => shapeProblems(type, points).map((p) => p.key);

describe('drawing', () => {
  it('adds points in order and undoes one step at a time', () => {
    const drawing = createDrawing('LineString');
    drawing.add(A);
    drawing.add(B);
    drawing.add(C);
    expect(drawing.points).toEqual([A, B, C]);
    expect(drawing.undo()).toBe(true);
    expect(drawing.points).toEqual([A, B]);
    drawing.clear();
    expect(drawing.points).toEqual([]);
    drawing.undo(); // the clear is undone too
    expect(drawing.points).toEqual([A, B]);
    drawing.undo();
    drawing.undo();
    expect(drawing.points).toEqual([]);
    expect(drawing.undo()).toBe(false);
    expect(drawing.canUndo).toBe(false);
  });

  it('moves and removes a point, each undoable', () => {
    const drawing = createDrawing('Polygon', [A, B, C]);
    drawing.move(1, [6.7, 52.8]);
    expect(drawing.points[1]).toEqual([6.7, 52.8]);
    drawing.remove(0);
    expect(drawing.points).toHaveLength(2);
    drawing.undo();
    drawing.undo();
    expect(drawing.points).toEqual([A, B, C]);
  });

  it('never lets a caller change its points from outside', () => {
    const drawing = createDrawing('LineString', [A]);
    drawing.points[0][0] = 0;
    expect(drawing.points).toEqual([A]);
  });

  it('makes GeoJSON: a route as a line, an area as a closed ring, nothing when empty', () => {
    expect(toGeometry('LineString', [A, B])).toEqual({ type: 'LineString', coordinates: [A, B] });
    expect(toGeometry('Polygon', [A, B, C])).toEqual({ type: 'Polygon', coordinates: [[A, B, C, A]] });
    expect(toGeometry('Polygon', [])).toBeNull();
    expect(createDrawing('Polygon', [A, B, C]).geometry().coordinates[0]).toHaveLength(4);
  });

  it('reads a stored geometry back into points (an area without its closing point)', () => {
    expect(pointsOf({ type: 'Polygon', coordinates: [[A, B, C, A]] })).toEqual([A, B, C]);
    expect(pointsOf({ type: 'LineString', coordinates: [A, B] })).toEqual([A, B]);
    expect(pointsOf(null)).toEqual([]);
  });
});

describe('what the server would refuse', () => {
  it('asks for 2 points on a route and 3 corners on an area', () => {
    expect(keys('LineString', [A])).toEqual(['draw.errorRouteShort']);
    expect(keys('LineString', [A, B])).toEqual([]);
    expect(keys('Polygon', [A, B])).toEqual(['draw.errorAreaShort']);
    expect(keys('Polygon', [A, B, C])).toEqual([]);
  });

  it('counts vertices as the server does: an area’s closing point is one of the 500', () => {
    const line = Array.from({ length: MAX_VERTICES }, (_, i) => [6 + i / 1000, 52.9 + (i % 2) / 1000]);
    expect(keys('LineString', line)).toEqual([]);
    expect(keys('LineString', [...line, [7, 53]])).toEqual(['draw.errorTooMany']);
    const ring = Array.from({ length: MAX_VERTICES }, (_, i) => {
      const angle = (2 * Math.PI * i) / MAX_VERTICES;
      return [6.5 + 0.1 * Math.cos(angle), 52.9 + 0.1 * Math.sin(angle)];
    });
    expect(keys('Polygon', ring.slice(0, MAX_VERTICES - 1))).toEqual([]);
    expect(keys('Polygon', ring)).toEqual(['draw.errorTooMany']);
  });

  it('finds an area whose edge crosses itself (a bow tie), and a flat one', () => {
    expect(selfCrossing([A, C, B, D])).toBe(true);
    expect(keys('Polygon', [A, C, B, D])).toEqual(['draw.errorCrossing']);
    expect(keys('Polygon', [A, B, C, D])).toEqual([]);
    expect(keys('Polygon', [A, [6.55, 52.9], B])).toEqual(['draw.errorFlat']);
  });

  it('finds a route whose points are all one spot', () => {
    expect(keys('LineString', [A, A])).toEqual(['draw.errorSamePoint']);
  });
});

describe('typed coordinates', () => {
  it.each([
    ['52.99, 6.56', [6.56, 52.99]],
    ['52.99,6.56', [6.56, 52.99]],
    ['6.56 52.99', [6.56, 52.99]],
    ['52,99 6,56', [6.56, 52.99]],
    ['  52.99 ; 6.56 ', [6.56, 52.99]],
  ])('reads %s as [lon, lat]', (text, expected) => {
    expect(parseCoordinates(text)).toEqual(expected);
  });

  it.each(['', 'Assen', '52.99', '52.99 6.56 7', '95 200'])('refuses %j', (text) => {
    expect(parseCoordinates(text)).toBeNull();
  });
});

describe('a photo’s own location', () => {
  it('is read from the JPEG’s Exif GPS in the browser', () => {
    const bytes = new Uint8Array(readFileSync(new URL('./fixtures/gps-assen.jpg', import.meta.url)));
    expect(exifGps(bytes)).toEqual([6.5625, 52.9925]);
  });

  it('is null for a file without Exif', () => {
    expect(exifGps(new Uint8Array([0xff, 0xd8, 0xff, 0xd9]))).toBeNull();
    expect(exifGps(new TextEncoder().encode('not a jpeg'))).toBeNull();
  });
});

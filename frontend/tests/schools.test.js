import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, codeProblem, formatCode, normalizeCode } from '../src/ui/schools/codes.js';
import { areaBbox, countTiles, planTrip, tileOf, tilesOf, tileUrl } from '../src/ui/schools/tiles.js';

describe('codes', () => {
  it('has no look-alike characters', () => {
    for (const c of '01OIL') expect(CODE_ALPHABET).not.toContain(c);
  });
  it('normalizes case, dashes and spaces', () => {
    expect(normalizeCode(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(normalizeCode('ab cd – ef gh')).toBe('ABCDEFGH');
  });
  it('formats in groups of four', () => {
    expect(formatCode('abcdefgh')).toBe('ABCD-EFGH');
    expect(formatCode('ABCDEFGHJKMN')).toBe('ABCD-EFGH-JKMN');
    expect(formatCode('ABCDE')).toBe('ABCD-E');
    expect(formatCode('')).toBe('');
  });
  it('names what is wrong with a typed code', () => {
    expect(codeProblem('', 8)).toBe('empty');
    expect(codeProblem('ABCD-EFG', 8)).toBe('length');
    expect(codeProblem('ABCD-EFG0', 8)).toBe('characters');
    expect(codeProblem('abcd efgh', 8)).toBeNull();
    expect(codeProblem('ABCD-EFGH-JKMN', 12)).toBeNull();
  });
});

describe('tiles', () => {
  it('finds the tile of a point as slippy maps number them', () => {
    expect(tileOf([0, 0], 1)).toEqual([1, 1]);
    expect(tileOf([-180, 85], 2)).toEqual([0, 0]);
    // Exloo (6.86, 52.88) at zoom 13 (x = (lon + 180) / 360 · 2^z; y from asinh(tan φ))
    expect(tileOf([6.86, 52.88], 13)).toEqual([4252, 2673]);
  });
  it('takes the bbox of polygons and multipolygons', () => {
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [6, 52],
          [7, 52],
          [7, 53],
          [6, 53],
          [6, 52],
        ],
      ],
    };
    expect(areaBbox(square)).toEqual([6, 52, 7, 53]);
    const multi = {
      type: 'MultiPolygon',
      coordinates: [
        square.coordinates,
        [
          [
            [8, 51],
            [9, 51],
            [9, 52],
            [8, 51],
          ],
        ],
      ],
    };
    expect(areaBbox(multi)).toEqual([6, 51, 9, 53]);
  });
  it('counts tiles per zoom, four times as many a level up', () => {
    const bbox = [6.85, 52.87, 6.88, 52.89];
    const counts = countTiles(bbox, [14, 15, 16]);
    expect(counts[14]).toBeGreaterThanOrEqual(1);
    expect(counts[16]).toBeGreaterThan(counts[15]);
    expect([...tilesOf(bbox, [14, 15, 16])]).toHaveLength(counts[14] + counts[15] + counts[16]);
  });
  it('plans zoom levels within the byte bound', () => {
    const bbox = [6.85, 52.87, 6.88, 52.89];
    const all = planTrip(bbox, { minZoom: 12, maxZoom: 17, maxBytes: 1e12 });
    expect(all.zooms).toEqual([12, 13, 14, 15, 16, 17]);
    const few = planTrip(bbox, { minZoom: 12, maxZoom: 17, maxBytes: 30 * 25_000 });
    expect(few.bytes).toBeLessThanOrEqual(30 * 25_000);
    expect(few.zooms.length).toBeLessThan(6);
    expect(few.zooms[0]).toBe(12);
    expect(planTrip(bbox, { maxBytes: 0 }).zooms).toEqual([]);
    expect(planTrip(bbox, { maxZoom: 13, maxBytes: 1e12 }).zooms).toEqual([10, 11, 12, 13]);
  });
  it('makes the tile address as Leaflet does', () => {
    expect(tileUrl('https://{s}.tile.example/{z}/{x}/{y}{r}.png', [3, 1, 1])).toBe('https://c.tile.example/3/1/1.png');
    expect(tileUrl('https://tile.example/{z}/{x}/{y}.png', [3, 4, 5])).toBe('https://tile.example/3/4/5.png');
  });
});

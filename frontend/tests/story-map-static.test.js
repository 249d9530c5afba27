// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { positions, project, view } from '../src/map/story-map-static.js';

describe('the story map picture', () => {
  it('projects as the tile servers count: Assen at zoom 13 lies in tile 4245, 2668 (OpenStreetMap wiki formula)', () => {
    const [x, y] = project([6.5625, 52.9928], 13);
    expect(Math.floor(x / 256)).toBe(4245);
    expect(Math.floor(y / 256)).toBe(2668);
    expect(project([0, 0], 0)).toEqual([128, 128]);
  });

  it('lists every position of a geometry', () => {
    expect(positions({ type: 'Point', coordinates: [6.5, 52.9] })).toEqual([[6.5, 52.9]]);
    const ring = [
      [6, 52],
      [7, 52],
      [7, 53],
      [6, 52],
    ];
    expect(positions({ type: 'MultiPolygon', coordinates: [[ring], [ring]] })).toHaveLength(8);
  });

  it('shows a single point at zoom 13 in the middle of the box', () => {
    const v = view([[6.5625, 52.9928]], { width: 320, height: 224, single: true });
    expect(v.zoom).toBe(13);
    const [x, y] = project([6.5625, 52.9928], 13);
    expect(x - v.left).toBeCloseTo(160);
    expect(y - v.top).toBeCloseTo(112);
  });

  it('fits a route with a quarter to spare on each side, at a whole zoom of at most 15', () => {
    const route = [
      [6.72, 52.79],
      [6.75, 52.8],
    ];
    const v = view(route, { width: 320, height: 224, single: false });
    expect(Number.isInteger(v.zoom)).toBe(true);
    for (const p of route) {
      const [x, y] = project(p, v.zoom);
      expect(x - v.left).toBeGreaterThanOrEqual(0);
      expect(x - v.left).toBeLessThanOrEqual(320);
      expect(y - v.top).toBeGreaterThanOrEqual(0);
      expect(y - v.top).toBeLessThanOrEqual(224);
    }
    const [a] = project(route[0], v.zoom + 1);
    const [b] = project(route[1], v.zoom + 1);
    expect((b - a) * 1.5).toBeGreaterThan(320); // one zoom closer would not fit
    expect(view([route[0], route[0]], { width: 320, height: 224, single: false }).zoom).toBe(15);
  });
});

// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { qrSrc } from '../src/api.js';
import { anchorOf } from '../src/geo.js';

describe('collections helpers', () => {
  it('asks our own server for a QR code of an absolute address on this site', () => {
    const src = qrSrc('/verhaal/abc', 'https://verhalenkaart.example');
    expect(src).toBe('/api/v1/qr?url=https%3A%2F%2Fverhalenkaart.example%2Fverhaal%2Fabc');
  });

  it('puts a story number at a point, a route start or an area corner', () => {
    expect(anchorOf({ type: 'Point', coordinates: [6.5, 52.9] })).toEqual([6.5, 52.9]);
    expect(
      anchorOf({
        type: 'LineString',
        coordinates: [
          [6.1, 52.7],
          [6.2, 52.8],
        ],
      }),
    ).toEqual([6.1, 52.7]);
    expect(
      anchorOf({
        type: 'Polygon',
        coordinates: [
          [
            [6.3, 52.6],
            [6.4, 52.6],
            [6.4, 52.7],
            [6.3, 52.6],
          ],
        ],
      }),
    ).toEqual([6.3, 52.6]);
    expect(anchorOf(null)).toBeNull();
  });
});

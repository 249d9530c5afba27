// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  bboxPolygon,
  clampToBbox,
  distanceMetres,
  filterQuery,
  formatDistance,
  inBbox,
  outsideMask,
  representativePoint,
  roundCoord,
} from '../src/geo.js';
import { exifSegment } from '../src/photos.js';

const DRENTHE = [6.1, 52.6, 7.1, 53.2];

describe('geo helpers', () => {
  it('knows what lies in the region', () => {
    expect(inBbox([6.5625, 52.9925], DRENTHE)).toBe(true);
    expect(inBbox([4.9, 52.37], DRENTHE)).toBe(false);
  });
  it('clamps a pin into the region', () => {
    expect(clampToBbox([4.9, 53.5], DRENTHE)).toEqual([6.1, 53.2]);
    expect(clampToBbox([6.5, 52.9], DRENTHE)).toEqual([6.5, 52.9]);
  });
  it('measures distances on the sphere', () => {
    const assenEmmen = distanceMetres([6.5625, 52.9967], [6.9069, 52.7792]);
    expect(assenEmmen).toBeGreaterThan(33000);
    expect(assenEmmen).toBeLessThan(34500);
    expect(formatDistance(840)).toBe('840 m');
    expect(formatDistance(33400)).toBe('33 km');
  });
  it('draws the region and a mask around it', () => {
    expect(bboxPolygon(DRENTHE).geometry.coordinates[0]).toHaveLength(5);
    const mask = outsideMask(DRENTHE);
    expect(mask.geometry.coordinates).toHaveLength(2);
  });
  it('maps was – is – wordt to the server frame, and years with or without the undated', () => {
    expect(filterQuery({ period: 'wordt' })).toEqual({ frame: 'wordt' });
    expect(filterQuery({ era_from: '1950', era_to: '1970', undated: true })).toEqual({
      era_from: 1950,
      era_to: 1970,
      undated: 'include',
    });
    expect(filterQuery({ undated: true })).toEqual({});
  });
  it('turns filters into API query parameters', () => {
    expect(filterQuery({ kinds: ['memory', 'wish'], theme: 'natuur', period: '' })).toEqual({
      kind: 'memory,wish',
      theme: 'natuur',
    });
    expect(filterQuery({ kinds: [], era_from: '1950', era_to: '' })).toEqual({ era_from: 1950 });
  });
  it('finds a representative point of any geometry', () => {
    expect(representativePoint({ type: 'Point', coordinates: [6.5, 52.9] })).toEqual([6.5, 52.9]);
    expect(
      representativePoint({
        type: 'Polygon',
        coordinates: [
          [
            [6.5, 52.9],
            [6.6, 52.9],
            [6.6, 53],
            [6.5, 52.9],
          ],
        ],
      }),
    ).toEqual([6.5, 52.9]);
    expect(roundCoord(6.123456789)).toBe(6.123457);
  });
});

describe('photo Exif carry-over', () => {
  function jpegWithExif(little) {
    // SOI, APP1 "Exif\0\0" + TIFF header + IFD0 with one entry: Orientation = 6, then SOS.
    const tiff = little
      ? [
          0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00,
          0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ]
      : [
          0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01,
          0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ];
    const payload = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00, ...tiff];
    const length = payload.length + 2;
    return new Uint8Array([0xff, 0xd8, 0xff, 0xe1, length >> 8, length & 0xff, ...payload, 0xff, 0xda, 0x00, 0x02]);
  }
  it.each([true, false])('keeps the Exif block with orientation reset (little endian: %s)', (little) => {
    const segment = exifSegment(jpegWithExif(little));
    expect(segment[0]).toBe(0xff);
    expect(segment[1]).toBe(0xe1);
    const orientation = little ? segment[10 + 8 + 2 + 8] : segment[10 + 8 + 2 + 9];
    expect(orientation).toBe(1);
  });
  it('finds nothing in a JPEG without Exif', () => {
    expect(exifSegment(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02]))).toBeNull();
    expect(exifSegment(new Uint8Array([0x89, 0x50]))).toBeNull();
  });
});

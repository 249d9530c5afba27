// Photos are downscaled in the browser (≤ max px on the long side) before they are queued; the
// original's Exif block (with its GPS position, so the server can suggest the photo's place)
// is carried over with the orientation reset, since the pixels are already upright.

export async function downscale(file, max = 2560, quality = 0.85) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return { blob: file, width: null, height: null }; // a format the browser can't decode: send as is
  }
  const { width, height } = bitmap;
  const scale = Math.min(1, max / Math.max(width, height));
  if (scale === 1 && file.type === 'image/jpeg') {
    bitmap.close?.();
    return { blob: file, width, height };
  }
  const w = Math.round(width * scale);
  const hgt = Math.round(height * scale);
  const canvas =
    typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(w, hgt)
      : Object.assign(document.createElement('canvas'), { width: w, height: hgt });
  canvas.getContext('2d').drawImage(bitmap, 0, 0, w, hgt);
  bitmap.close?.();
  const encoded = canvas.convertToBlob
    ? await canvas.convertToBlob({ type: 'image/jpeg', quality })
    : await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  let blob = encoded;
  if (file.type === 'image/jpeg') {
    const exif = exifSegment(new Uint8Array(await file.arrayBuffer()));
    if (exif) {
      const body = new Uint8Array(await encoded.arrayBuffer());
      blob = new Blob([body.subarray(0, 2), exif, body.subarray(2)], { type: 'image/jpeg' });
    }
  }
  return { blob, width: w, height: hgt };
}

/** The APP1 Exif segment of a JPEG (marker included), with Orientation set to 1; or null. */
export function exifSegment(bytes) {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let offset = 2;
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1];
    const length = (bytes[offset + 2] << 8) | bytes[offset + 3];
    if (marker === 0xda || marker === 0xd9) break; // image data starts: no Exif before it
    if (marker === 0xe1 && String.fromCharCode(...bytes.subarray(offset + 4, offset + 8)) === 'Exif') {
      const segment = bytes.slice(offset, offset + 2 + length);
      resetOrientation(segment, 10);
      return segment;
    }
    offset += 2 + length;
  }
  return null;
}

function resetOrientation(segment, tiff) {
  const little = segment[tiff] === 0x49;
  const read16 = (at) => (little ? segment[at] | (segment[at + 1] << 8) : (segment[at] << 8) | segment[at + 1]);
  const read32 = (at) =>
    little
      ? (segment[at] | (segment[at + 1] << 8) | (segment[at + 2] << 16)) + segment[at + 3] * 0x1000000
      : segment[at] * 0x1000000 + ((segment[at + 1] << 16) | (segment[at + 2] << 8) | segment[at + 3]);
  const ifd = tiff + read32(tiff + 4);
  if (ifd + 2 > segment.length) return;
  const count = read16(ifd);
  for (let i = 0; i < count; i += 1) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > segment.length) return;
    if (read16(entry) === 0x0112) {
      // The value 1 as a 16-bit SHORT in the entry's byte order.
      segment[entry + 8] = little ? 1 : 0;
      segment[entry + 9] = little ? 0 : 1;
    }
  }
}

/**
 * The GPS position a JPEG's Exif block carries, as [lon, lat], or null. Read in the browser so
 * the form can offer "use the photo's location?" while it is being filled in, offline too (the
 * server reads the same block again on upload and answers it as `suggestion`, docs/media.md).
 */
export function exifGps(bytes) {
  const segment = exifSegment(bytes);
  if (!segment) return null;
  const tiff = 10;
  const little = segment[tiff] === 0x49;
  const at = (offset) => tiff + offset;
  const read16 = (i) => (little ? segment[i] | (segment[i + 1] << 8) : (segment[i] << 8) | segment[i + 1]);
  const read32 = (i) =>
    little
      ? (segment[i] | (segment[i + 1] << 8) | (segment[i + 2] << 16)) + segment[i + 3] * 0x1000000
      : segment[i] * 0x1000000 + ((segment[i + 1] << 16) | (segment[i + 2] << 8) | segment[i + 3]);
  const entries = (ifd) => {
    const found = {};
    if (ifd + 2 > segment.length) return found;
    const count = read16(ifd);
    for (let i = 0; i < count; i += 1) {
      const entry = ifd + 2 + i * 12;
      if (entry + 12 > segment.length) break;
      found[read16(entry)] = entry;
    }
    return found;
  };
  const ifd0 = entries(at(read32(tiff + 4)));
  if (!ifd0[0x8825]) return null;
  const gps = entries(at(read32(ifd0[0x8825] + 8)));
  const ref = (tag) => (gps[tag] ? String.fromCharCode(segment[gps[tag] + 8]) : '');
  const degrees = (tag) => {
    if (!gps[tag] || read16(gps[tag] + 2) !== 5 || read32(gps[tag] + 4) !== 3) return null; // 3 RATIONALs
    const values = at(read32(gps[tag] + 8));
    if (values + 24 > segment.length) return null;
    const part = (k) => {
      const d = read32(values + k * 8 + 4);
      return d ? read32(values + k * 8) / d : 0;
    };
    return part(0) + part(1) / 60 + part(2) / 3600;
  };
  const lat = degrees(2);
  const lon = degrees(4);
  if (lat === null || lon === null || (lat === 0 && lon === 0)) return null;
  const round = (v) => Math.round(v * 1e6) / 1e6;
  return [round(ref(3) === 'W' ? -lon : lon), round(ref(1) === 'S' ? -lat : lat)];
}

/**
 * Keras' load_img (PIL) ignores a JPEG's EXIF orientation, and so must we; but browsers
 * always apply it when decoding (createImageBitmap's imageOrientation 'none' now means
 * "from image" in Chromium). So the decoder gets a copy whose orientation tag says 1.
 */

const ORIENTATION_TAG = 0x0112;

interface OrientationField {
  /** File offset of the tag's SHORT value. */
  at: number;
  littleEndian: boolean;
}

/** Returns a copy of `bytes` with the EXIF orientation set to 1, or `bytes` itself if it has none. */
export function withoutExifOrientation(bytes: Uint8Array): Uint8Array {
  const field = findOrientation(bytes);
  if (!field) return bytes;
  const copy = bytes.slice();
  copy[field.at] = field.littleEndian ? 1 : 0;
  copy[field.at + 1] = field.littleEndian ? 0 : 1;
  return copy;
}

/** Walks the JPEG segments before the image data to the Exif APP1 segment's IFD0. */
function findOrientation(bytes: Uint8Array): OrientationField | null {
  let offset = 2;
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1];
    const length = (bytes[offset + 2] << 8) | bytes[offset + 3];
    if (marker === 0xda || marker === 0xd9) return null;
    if (marker === 0xe1 && String.fromCharCode(...bytes.subarray(offset + 4, offset + 10)) === 'Exif\0\0') {
      return findInTiff(bytes, offset + 10, Math.min(bytes.length, offset + 2 + length));
    }
    offset += 2 + length;
  }
  return null;
}

function findInTiff(bytes: Uint8Array, tiff: number, end: number): OrientationField | null {
  if (tiff + 8 > end) return null;
  const littleEndian = bytes[tiff] === 0x49; // 'II' vs 'MM'
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ifd = tiff + view.getUint32(tiff + 4, littleEndian);
  if (ifd + 2 > end) return null;
  const count = view.getUint16(ifd, littleEndian);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > end) return null;
    if (view.getUint16(entry, littleEndian) === ORIENTATION_TAG) return { at: entry + 8, littleEndian };
  }
  return null;
}

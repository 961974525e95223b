/**
 * Recognises an image file from its first bytes and reads its declared size from the
 * header, so a decompression bomb (a small file that declares a huge image) is refused
 * before any pixel is decoded, and a wrong file gets a specific message.
 */

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'avif' | 'svg' | 'text' | 'unknown';

export interface ImageHeader {
  format: ImageFormat;
  /** Declared size, when the header states it. */
  width?: number;
  height?: number;
}

/** Reads the format and declared size from the start of a file (the first 64 KB suffice). */
export function sniffImage(bytes: Uint8Array): ImageHeader {
  const ascii = (start: number, length: number) => String.fromCharCode(...bytes.subarray(start, start + length));
  if (bytes[0] === 0x89 && ascii(1, 3) === 'PNG') return { format: 'png', ...pngSize(bytes) };
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return { format: 'jpeg', ...jpegSize(bytes) };
  if (ascii(0, 4) === 'GIF8') return { format: 'gif', width: u16le(bytes, 6), height: u16le(bytes, 8) };
  if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return { format: 'webp', ...webpSize(bytes) };
  if (ascii(0, 2) === 'BM' && bytes.length >= 26) return { format: 'bmp', width: i32le(bytes, 18), height: Math.abs(i32le(bytes, 22)) };
  if (ascii(4, 4) === 'ftyp' && /avi[fs]/.test(ascii(8, 4))) return { format: 'avif' };
  return { format: looksLikeText(bytes) ? (/<svg[\s>]/i.test(ascii(0, Math.min(bytes.length, 4096))) ? 'svg' : 'text') : 'unknown' };
}

function pngSize(bytes: Uint8Array): Partial<ImageHeader> {
  if (bytes.length < 24) return {};
  return { width: u32be(bytes, 16), height: u32be(bytes, 20) };
}

/** Walks JPEG markers to the first start-of-frame segment, which holds the size. */
function jpegSize(bytes: Uint8Array): Partial<ImageHeader> {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return {};
    const marker = bytes[offset + 1];
    if (marker === 0xff) {
      offset++;
      continue;
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return { height: u16be(bytes, offset + 5), width: u16be(bytes, offset + 7) };
    offset += 2 + u16be(bytes, offset + 2);
  }
  return {};
}

function webpSize(bytes: Uint8Array): Partial<ImageHeader> {
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunk === 'VP8X' && bytes.length >= 30) {
    return { width: 1 + (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16)), height: 1 + (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16)) };
  }
  if (chunk === 'VP8 ' && bytes.length >= 30) return { width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff };
  if (chunk === 'VP8L' && bytes.length >= 25) {
    const bits = bytes[21] | (bytes[22] << 8) | (bytes[23] << 16) | (bytes[24] << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  return {};
}

/** True when the first bytes are printable text (UTF-8 or ASCII), e.g. a renamed .txt or an SVG. */
function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 512);
  if (sample.length === 0) return false;
  let printable = 0;
  for (const byte of sample) if (byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte !== 127)) printable++;
  return !sample.includes(0) && printable / sample.length > 0.95;
}

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) >>> 0) + ((b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]);
const i32le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);

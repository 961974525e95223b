/**
 * Decodes an image in the worker to the file's own RGBA bytes, as PIL reads them:
 * no colour-profile conversion, no alpha premultiplication, and EXIF orientation
 * ignored (Keras' load_img does not rotate either).
 */
import { ConvlensError } from '../errors';
import type { ImageSource } from '../contract';
import { sniffImage, type ImageHeader } from './sniff';
import { decodeRaw } from './decode-raw';
import { withoutExifOrientation } from './exif';
import type { PixelFormat } from './resize';

/** Images above this many pixels are refused before their pixels are decoded (8000×6000 fits). */
export const MAX_IMAGE_PIXELS = 50_000_000;

export interface DecodedImage {
  width: number;
  height: number;
  /** Row-major, 4 bytes per pixel in `format`'s order, not premultiplied. */
  pixels: Uint8Array | Uint8ClampedArray;
  format: PixelFormat;
}

/** EXIF orientation is neutralised in the bytes first (exif.ts): the browser applies it regardless. */
const BITMAP_OPTIONS: ImageBitmapOptions = { colorSpaceConversion: 'none', premultiplyAlpha: 'none' };

/** Fetches, checks, decodes and reads the pixels of `source`. */
export async function decodeImage(source: ImageSource, name = 'image'): Promise<DecodedImage> {
  if (source instanceof ImageBitmap) return readBitmap(source, name);
  const blob = await toBlob(source);
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const header = checkFile(bytes, name);
  const exact = await decodeRaw(bytes, header.format);
  if (exact) return exact;
  let bitmap: ImageBitmap;
  try {
    const upright = header.format === 'jpeg' ? withoutExifOrientation(bytes) : bytes;
    bitmap = await createImageBitmap(upright === bytes ? blob : new Blob([upright as Uint8Array<ArrayBuffer>]), BITMAP_OPTIONS);
  } catch {
    throw new ConvlensError(
      'image-decode',
      `${name} could not be decoded as an image (${header.format}, ${blob.size} bytes). Use a PNG, JPEG, GIF or WebP file.`,
    );
  }
  return readBitmap(bitmap, name);
}

/** Canvas path (JPEG, ImageBitmap sources): exact for opaque pixels. */
function readBitmap(bitmap: ImageBitmap, name: string): DecodedImage {
  try {
    const { width, height } = bitmap;
    checkPixels(name, width, height);
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new ConvlensError('no-canvas', 'This browser cannot read image pixels in a worker.');
    context.drawImage(bitmap, 0, 0);
    return { width, height, pixels: context.getImageData(0, 0, width, height).data, format: 'RGBA' };
  } finally {
    bitmap.close();
  }
}

async function toBlob(source: string | Blob): Promise<Blob> {
  if (typeof source !== 'string') return source;
  let response: Response;
  try {
    response = await fetch(source);
  } catch {
    throw new ConvlensError('image-fetch', `Could not load the image ${source} (network error or blocked by CORS).`);
  }
  if (!response.ok) {
    throw new ConvlensError('image-fetch', `Could not load the image ${source}: HTTP ${response.status}.`);
  }
  return response.blob();
}

function checkPixels(name: string, width: number, height: number): void {
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new ConvlensError(
      'image-too-large',
      `${name} is ${width}×${height} pixels; the limit is ${MAX_IMAGE_PIXELS / 1e6} megapixels. Use a smaller copy of the photo.`,
    );
  }
}

/** Refuses what is not a raster image, is truncated, or declares too many pixels (also used by `convlens render`). */
export function checkFile(bytes: Uint8Array, name: string): ImageHeader {
  if (bytes.length === 0) throw new ConvlensError('image-empty', `${name} is empty (0 bytes).`);
  const header = sniffImage(bytes.subarray(0, 65536));
  if (header.format === 'svg') {
    throw new ConvlensError('image-svg', `${name} is an SVG drawing; convlens takes photos (PNG, JPEG, GIF, WebP). Export it as PNG first.`);
  }
  if (header.format === 'text' || header.format === 'unknown') {
    const what = header.format === 'text' ? 'a text file' : 'not an image file';
    throw new ConvlensError('image-not-image', `${name} is ${what}, not a picture. Use a PNG, JPEG, GIF or WebP file.`);
  }
  if (header.width !== undefined && header.height !== undefined) checkPixels(name, header.width, header.height);
  if (isTruncated(header.format, bytes)) {
    throw new ConvlensError(
      'image-truncated',
      `${name} is cut off (the ${header.format.toUpperCase()} file ends before the image does). Save or download it again.`,
    );
  }
  return header;
}

/** PNG must end with IEND; a JPEG needs an end-of-image marker after its last scan. (PIL refuses both too.) */
function isTruncated(format: string, bytes: Uint8Array): boolean {
  if (format === 'png') return !String.fromCharCode(...bytes.subarray(Math.max(0, bytes.length - 64))).includes('IEND');
  if (format !== 'jpeg') return false;
  let lastScan = -1;
  let lastEnd = -1;
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] !== 0xff) continue;
    if (bytes[i + 1] === 0xda) lastScan = i;
    else if (bytes[i + 1] === 0xd9) lastEnd = i;
  }
  return lastEnd < lastScan;
}

/**
 * Decodes an image in the worker to the file's own RGBA bytes, as PIL reads them:
 * no colour-profile conversion, no alpha premultiplication, and EXIF orientation
 * ignored (Keras' load_img does not rotate either).
 */
import { ConvlensError } from '../errors';
import type { ImageSource } from '../contract';

/** Images above this many pixels are refused before their pixels are decoded. */
export const MAX_IMAGE_PIXELS = 40_000_000;

export interface DecodedImage {
  width: number;
  height: number;
  /** Row-major RGBA, 4 bytes per pixel. */
  rgba: Uint8ClampedArray;
}

const BITMAP_OPTIONS: ImageBitmapOptions = {
  colorSpaceConversion: 'none',
  premultiplyAlpha: 'none',
  imageOrientation: 'none' as ImageOrientation,
};

/** Fetches, decodes and reads the pixels of `source`. */
export async function decodeImage(source: ImageSource, name = 'image'): Promise<DecodedImage> {
  const bitmap = source instanceof ImageBitmap ? source : await toBitmap(await toBlob(source), name);
  try {
    const { width, height } = bitmap;
    if (width * height > MAX_IMAGE_PIXELS) {
      throw new ConvlensError(
        'image-too-large',
        `${name} is ${width}×${height} pixels; the limit is ${MAX_IMAGE_PIXELS / 1e6} megapixels.`,
      );
    }
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new ConvlensError('no-canvas', 'This browser cannot read image pixels in a worker.');
    context.drawImage(bitmap, 0, 0);
    return { width, height, rgba: context.getImageData(0, 0, width, height).data };
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

async function toBitmap(blob: Blob, name: string): Promise<ImageBitmap> {
  if (blob.size === 0) throw new ConvlensError('image-empty', `${name} is empty (0 bytes).`);
  try {
    return await createImageBitmap(blob, BITMAP_OPTIONS);
  } catch {
    throw new ConvlensError(
      'image-decode',
      `${name} could not be decoded as an image (${blob.type || 'unknown type'}, ${blob.size} bytes). Use a PNG, JPEG, GIF or WebP file.`,
    );
  }
}

/**
 * Exact pixels for PNG, GIF, WebP and BMP through WebCodecs' ImageDecoder. A 2D canvas
 * stores premultiplied alpha, so a half-transparent pixel read back from one has lost
 * precision, and a fully transparent one its colour; PIL's convert('RGB') keeps both.
 * ImageDecoder with premultiplyAlpha 'none' hands over the file's own values. JPEG comes
 * out as YUV here, so it (and any browser without ImageDecoder) takes the canvas path.
 */
import type { DecodedImage } from './decode';
import { PIXEL_FORMATS, type PixelFormat } from './resize';

const RAW_TYPES: Record<string, string> = { png: 'image/png', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp' };

/** Decodes the first frame exactly, or returns null when this path cannot (JPEG, YUV, no API). */
export async function decodeRaw(bytes: Uint8Array, format: string): Promise<DecodedImage | null> {
  const type = RAW_TYPES[format];
  if (typeof ImageDecoder === 'undefined' || !type) return null;
  let decoder: ImageDecoder | null = null;
  let frame: VideoFrame | null = null;
  try {
    // premultiplyAlpha is in the WebCodecs spec and Chromium, not yet in TypeScript's lib.
    const init = { data: bytes, type, colorSpaceConversion: 'none', premultiplyAlpha: 'none' } as ImageDecoderInit;
    decoder = new ImageDecoder(init);
    frame = (await decoder.decode({ frameIndex: 0 })).image;
    const format = (frame.format ?? '') as PixelFormat;
    if (!PIXEL_FORMATS.includes(format) || frame.codedWidth !== frame.displayWidth || frame.codedHeight !== frame.displayHeight) return null;
    const pixels = new Uint8Array(frame.allocationSize());
    await frame.copyTo(pixels);
    // The frame's own byte order (Chromium hands out BGRA/BGRX): the resize reads the few
    // pixels it keeps in that order, rather than every pixel being reordered here first.
    return { width: frame.codedWidth, height: frame.codedHeight, pixels, format };
  } catch {
    return null; // the canvas path decides, and words the error
  } finally {
    frame?.close();
    decoder?.close();
  }
}

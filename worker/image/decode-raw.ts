/**
 * Exact pixels for PNG, GIF, WebP and BMP through WebCodecs' ImageDecoder. A 2D canvas
 * stores premultiplied alpha, so a half-transparent pixel read back from one has lost
 * precision, and a fully transparent one its colour; PIL's convert('RGB') keeps both.
 * ImageDecoder with premultiplyAlpha 'none' hands over the file's own values. JPEG comes
 * out as YUV here, so it (and any browser without ImageDecoder) takes the canvas path.
 */
import type { DecodedImage } from './decode';

const RGB_FORMATS: Record<string, 'rgb' | 'bgr'> = { RGBA: 'rgb', RGBX: 'rgb', BGRA: 'bgr', BGRX: 'bgr' };
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
    const order = RGB_FORMATS[frame.format ?? ''];
    if (!order || frame.codedWidth !== frame.displayWidth || frame.codedHeight !== frame.displayHeight) return null;
    const raw = new Uint8Array(frame.allocationSize());
    await frame.copyTo(raw);
    return { width: frame.codedWidth, height: frame.codedHeight, rgba: toRgba(raw, order, frame.format!.endsWith('X')) };
  } catch {
    return null; // the canvas path decides, and words the error
  } finally {
    frame?.close();
    decoder?.close();
  }
}

function toRgba(raw: Uint8Array, order: 'rgb' | 'bgr', opaque: boolean): Uint8ClampedArray {
  const out = new Uint8ClampedArray(raw.length);
  const [r, b] = order === 'rgb' ? [0, 2] : [2, 0];
  for (let i = 0; i < raw.length; i += 4) {
    out[i] = raw[i + r];
    out[i + 1] = raw[i + 1];
    out[i + 2] = raw[i + b];
    out[i + 3] = opaque ? 255 : raw[i + 3];
  }
  return out;
}

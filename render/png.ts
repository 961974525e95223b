/**
 * PNG files through fast-png (image-js): pure JavaScript, typed, maintained, deflate by
 * fflate, no native build step, so `npx convlens render` works on any machine with Node.
 */
import { encode } from 'fast-png';
import type { PixelBuffer } from '../src/paint/paint';

/** RGBA pixels → PNG bytes (8-bit RGB: every figure is opaque). */
export function encodePng(image: PixelBuffer): Uint8Array {
  const rgb = new Uint8Array(image.width * image.height * 3);
  for (let p = 0, q = 0; q < rgb.length; p += 4, q += 3) {
    rgb[q] = image.data[p];
    rgb[q + 1] = image.data[p + 1];
    rgb[q + 2] = image.data[p + 2];
  }
  return encode({ width: image.width, height: image.height, data: rgb, channels: 3, depth: 8 });
}

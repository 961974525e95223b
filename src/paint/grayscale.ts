/**
 * What a 1-channel model sees of a photo, for showing it: the worker converts the pixels
 * the same way (worker/image/resize.ts) before the network reads them.
 */

/** PIL's convert('L') luma, as the worker feeds a 1-channel model: (R·19595 + G·38470 + B·7471 + 0x8000) >> 16. */
export function luma(r: number, g: number, b: number): number {
  return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
}

/** RGBA bytes with every pixel replaced by its luma (alpha kept): what a 1-channel model sees. */
export function grayscale(rgba: Uint8ClampedArray): Uint8ClampedArray {
  const out = new Uint8ClampedArray(rgba.length);
  for (let i = 0; i < rgba.length; i += 4) {
    out[i] = out[i + 1] = out[i + 2] = luma(rgba[i], rgba[i + 1], rgba[i + 2]);
    out[i + 3] = rgba[i + 3];
  }
  return out;
}

/**
 * Nearest-neighbour resize exactly as PIL does it for `load_img(path, target_size)`.
 * PIL's scale-only affine path (ImagingScaleAffine) starts at half a step and adds the
 * step in double precision, so source index = floor((i + 0.5) · in / out) up to the
 * same rounding PIL has; we copy its accumulation rather than the closed form.
 */

/** Source index for each output index along one axis. */
export function nearestIndices(inSize: number, outSize: number): Int32Array {
  const step = inSize / outSize;
  const indices = new Int32Array(outSize);
  let position = step * 0.5;
  for (let i = 0; i < outSize; i++) {
    indices[i] = Math.min(inSize - 1, Math.trunc(position));
    position += step;
  }
  return indices;
}

/** Byte orders of 4-byte pixels; X: the fourth byte is padding, the pixel opaque. */
export const PIXEL_FORMATS = ['RGBA', 'RGBX', 'BGRA', 'BGRX'] as const;
export type PixelFormat = (typeof PIXEL_FORMATS)[number];

/**
 * Resizes 4-byte pixels (row-major, in `format`'s order) to outWidth × outHeight RGBA;
 * aspect ratio not kept. Only the kept pixels are read, so a decoder's own order costs nothing.
 */
export function resizeNearest(
  pixels: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
  format: PixelFormat = 'RGBA',
): Uint8ClampedArray {
  const xs = nearestIndices(width, outWidth);
  const ys = nearestIndices(height, outHeight);
  const [red, blue] = format.startsWith('B') ? [2, 0] : [0, 2];
  const opaque = format.endsWith('X');
  const out = new Uint8ClampedArray(outWidth * outHeight * 4);
  for (let y = 0; y < outHeight; y++) {
    const row = ys[y] * width;
    for (let x = 0; x < outWidth; x++) {
      const from = (row + xs[x]) * 4;
      const to = (y * outWidth + x) * 4;
      out[to] = pixels[from + red];
      out[to + 1] = pixels[from + 1];
      out[to + 2] = pixels[from + blue];
      out[to + 3] = opaque ? 255 : pixels[from + 3];
    }
  }
  return out;
}

/** Per-channel (x - mean) / std after the pixel scale (PyTorch's Normalize); absent: none. */
export interface Normalization {
  mean?: number[];
  std?: number[];
}

/**
 * RGBA bytes → float32 HWC model input. Alpha is dropped (PIL's convert('RGB') does the
 * same); one channel uses ITU-R 601-2 luma, PIL's convert('L'): L = R·299/1000 + G·587/1000
 * + B·114/1000, rounded. `pixelScale` multiplies every value (1 for 0–255, 1/255 for 0–1);
 * then channel c becomes (value - mean[c]) / std[c] when a normalisation is given.
 */
export function toModelInput(rgba: Uint8ClampedArray, channels: 1 | 3, pixelScale: number, normalization: Normalization = {}): Float32Array {
  const pixels = rgba.length / 4;
  const out = new Float32Array(pixels * channels);
  for (let p = 0; p < pixels; p++) {
    const r = rgba[p * 4];
    const g = rgba[p * 4 + 1];
    const b = rgba[p * 4 + 2];
    if (channels === 1) {
      // PIL rounds with integer arithmetic: (R*19595 + G*38470 + B*7471 + 0x8000) >> 16.
      out[p] = ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16) * pixelScale;
    } else {
      out[p * 3] = r * pixelScale;
      out[p * 3 + 1] = g * pixelScale;
      out[p * 3 + 2] = b * pixelScale;
    }
  }
  const { mean, std } = normalization;
  if (mean || std) normalize(out, channels, Float32Array.from(mean ?? [0, 0, 0]), Float32Array.from(std ?? [1, 1, 1]));
  return out;
}

/** In place: (x - mean[c]) / std[c], in float32 as torchvision computes it. */
function normalize(values: Float32Array, channels: number, mean: Float32Array, std: Float32Array): void {
  for (let i = 0; i < values.length; i++) values[i] = Math.fround(values[i] - mean[i % channels]) / std[i % channels];
}

/**
 * Pure painting for a comparison of photo A and photo B: the difference A − B of one
 * channel in a diverging ramp (blue where B is higher, white where they agree, red where A
 * is), scaled by that channel's largest |A − B|. Only the instruments' chunk imports this.
 */
import { mapSize, pixelBuffer, type Activation, type PixelBuffer } from './paint';

/** Largest |A − B| over channel `k` (1 when they are equal everywhere, so nothing divides by 0). */
export function differenceMax(a: Activation, b: Activation, k: number): number {
  const [height, width, channels] = mapSize(a.shape);
  let max = 0;
  for (let i = 0, at = k; i < height * width; i++, at += channels) {
    const d = Math.abs(a.data[at] - b.data[at]);
    if (d > max) max = d;
  }
  return max || 1;
}

/** The colour of "no difference": a light grey, so a pair that agrees still shows its box on a white page. */
export const AGREE = 242;

/** RGB of `t` in [-1, 1]: blue #0000ff (−1) – light grey (0) – red #ff0000 (+1), rounded to bytes. */
export function diverging(t: number): [number, number, number] {
  const s = Math.max(-1, Math.min(1, t || 0));
  const strong = Math.round(AGREE + (255 - AGREE) * Math.abs(s));
  const fade = Math.round(AGREE * (1 - Math.abs(s)));
  return s >= 0 ? [strong, fade, fade] : [fade, fade, strong];
}

/**
 * Paints A − B of channel `k` into `target` with its top-left at (x0, y0), each value a
 * `scale × scale` block (or, with `step` > 1, every step-th value as one pixel), as
 * paintChannel paints a map, `max` (the largest |A − B|) at full colour.
 */
export function paintDifference(
  target: PixelBuffer, a: Activation, b: Activation, k: number, max: number, x0 = 0, y0 = 0, scale = 1, step = 1,
): void {
  const [mapHeight, mapWidth, channels] = mapSize(a.shape);
  const [height, width] = [Math.ceil(mapHeight / step), Math.ceil(mapWidth / step)];
  const out = target.data;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * step * mapWidth + x * step) * channels + k;
      const [r, g, bl] = diverging((a.data[i] - b.data[i]) / max);
      for (let dy = 0; dy < scale; dy++) {
        let p = ((y0 + y * scale + dy) * target.width + x0 + x * scale) * 4;
        for (let dx = 0; dx < scale; dx++, p += 4) {
          out[p] = r;
          out[p + 1] = g;
          out[p + 2] = bl;
          out[p + 3] = 255;
        }
      }
    }
  }
}

/** A − B of channel `k` alone, one pixel per value (the zoom's and the figure's), and its scale. */
export function differencePixels(a: Activation, b: Activation, k: number): PixelBuffer & { max: number } {
  const [height, width] = mapSize(a.shape);
  const max = differenceMax(a, b, k);
  const target = pixelBuffer(width, height);
  paintDifference(target, a, b, k, max);
  return { ...target, max };
}

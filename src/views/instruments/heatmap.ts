/** A Grad-CAM map as viridis pixels: 0 (no evidence) is the first colour, the map's maximum the last. */
import { VIRIDIS, lutIndex } from '../../paint/viridis';

export interface Heat {
  shape: [number, number];
  map: Float32Array;
}

/** The map's largest value (0 for an all-zero map). */
export function heatMax(heat: Heat): number {
  let max = 0;
  for (const value of heat.map) if (value > max) max = value;
  return max;
}

/** Row and column of the map's largest value. */
export function heatArgmax(heat: Heat): [number, number] {
  let best = 0;
  for (let i = 1; i < heat.map.length; i++) if (heat.map[i] > heat.map[best]) best = i;
  return [Math.floor(best / heat.shape[1]), best % heat.shape[1]];
}

/** h×w RGBA pixels, opaque, scaled from 0 to the map's maximum. */
export function heatPixels(heat: Heat): { width: number; height: number; data: Uint8ClampedArray } {
  const [height, width] = heat.shape;
  const max = heatMax(heat);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const k = lutIndex(max > 0 ? heat.map[i] / max : 0) * 3;
    data[i * 4] = VIRIDIS[k];
    data[i * 4 + 1] = VIRIDIS[k + 1];
    data[i * 4 + 2] = VIRIDIS[k + 2];
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

/** A 1×256 column of the viridis colours, max at the top (matplotlib's vertical colorbar). */
export function viridisColumn(): { width: number; height: number; data: Uint8ClampedArray } {
  const data = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) data.set([VIRIDIS[(255 - i) * 3], VIRIDIS[(255 - i) * 3 + 1], VIRIDIS[(255 - i) * 3 + 2], 255], i * 4);
  return { width: 1, height: 256, data };
}

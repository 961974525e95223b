/**
 * What a filter itself looks like. The first layer's kernels as small RGB tiles (grey where
 * the input is one channel): each weight w of input channel c sets that colour channel to
 * 128 + 127·w/m, m the largest |w| of the layer, so 0 is mid-grey for every filter. In the
 * zoom, one filter's weights as a k×k grid per input channel, blue (negative) – white (0) –
 * red (positive), scaled by that filter's largest |w|.
 */

export interface Kernel {
  /** [kh, kw, cin, cout], channels-last, as the worker's weights() hands it out. */
  shape: number[];
  data: Float32Array;
}

type Pixels = { width: number; height: number; data: Uint8ClampedArray };

/** Largest |w| over `data` (1 for an all-zero kernel, so nothing divides by 0). */
export function maxAbs(data: Float32Array, pick: (i: number) => boolean = () => true): number {
  let max = 0;
  for (let i = 0; i < data.length; i++) if (pick(i) && Math.abs(data[i]) > max) max = Math.abs(data[i]);
  return max || 1;
}

/** The colour byte of weight `w` for the first layer's tiles. */
export function rgbByte(w: number, max: number): number {
  return Math.round(128 + (127 * w) / max);
}

/** Filter `f` of a first-layer kernel as a kh×kw RGB (or grey) image. */
export function filterTile(kernel: Kernel, f: number, max: number): Pixels {
  const [kh, kw, cin, cout] = kernel.shape;
  const data = new Uint8ClampedArray(kh * kw * 4);
  for (let y = 0; y < kh; y++) {
    for (let x = 0; x < kw; x++) {
      const at = ((y * kw + x) * cin) * cout + f;
      const o = (y * kw + x) * 4;
      for (let c = 0; c < 3; c++) data[o + c] = rgbByte(kernel.data[at + Math.min(c, cin - 1) * cout], max);
      data[o + 3] = 255;
    }
  }
  return { width: kw, height: kh, data };
}

/** Diverging colour of t in [-1, 1]: blue – white – red. */
function diverging(t: number): [number, number, number] {
  const s = Math.max(-1, Math.min(1, t));
  return s >= 0 ? [255, Math.round(255 * (1 - s)), Math.round(255 * (1 - s))] : [Math.round(255 * (1 + s)), Math.round(255 * (1 + s)), 255];
}

/** The weights of filter `f` on input channel `c` as a kh×kw image, scaled by `max`. */
export function channelWeights(kernel: Kernel, f: number, c: number, max: number): Pixels {
  const [kh, kw, cin, cout] = kernel.shape;
  const data = new Uint8ClampedArray(kh * kw * 4);
  for (let i = 0; i < kh * kw; i++) {
    data.set([...diverging(kernel.data[(i * cin + c) * cout + f] / max), 255], i * 4);
  }
  return { width: kw, height: kh, data };
}

/** Largest |w| of filter `f` (all its input channels). */
export function filterMaxAbs(kernel: Kernel, f: number): number {
  const cout = kernel.shape[3];
  return maxAbs(kernel.data, (i) => i % cout === f);
}

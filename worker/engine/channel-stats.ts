/**
 * Per-channel statistics of a layer's output (min, max, how many values are exactly 0),
 * in one pass over the NHWC values. The worker computes them with each result, so the
 * page's handler for a layer does no pass over its data (VGG's first layer has 3.2 M
 * values: ~30 ms of main-thread work on a fast machine, a long task on a slow one).
 */
import type { LayerStats } from '../contract';

/** Statistics of `channels` interleaved channels of `data` (pixels × channels values). */
export function layerStats(data: Float32Array, channels: number): LayerStats {
  const min = new Float32Array(channels).fill(Infinity);
  const max = new Float32Array(channels).fill(-Infinity);
  const zeros = new Uint32Array(channels);
  for (let i = 0; i < data.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const v = data[i + c];
      if (v < min[c]) min[c] = v;
      if (v > max[c]) max[c] = v;
      if (v === 0) zeros[c]++;
    }
  }
  return { min, max, zeros, pixels: channels > 0 ? data.length / channels : 0 };
}

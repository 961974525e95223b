/**
 * Plain-loop float64 ops in ONNX's own layout (NCHW, one batch item as [c][h][w] flat),
 * written independently of the engine, for the Grad-CAM tests of ONNX graphs.
 */

/** One image's maps: c × h × w values, channel-major (NCHW without the batch). */
export interface Chw {
  c: number;
  h: number;
  w: number;
  data: Float64Array;
}

/** ONNX Conv, stride 1, `pad` zeros on every side; weight [out][in][k][k], bias [out]. */
export function convChw(x: Chw, weight: ArrayLike<number>, bias: ArrayLike<number>, out: number, k: number, pad: number): Chw {
  const h = x.h + 2 * pad - k + 1;
  const w = x.w + 2 * pad - k + 1;
  const data = new Float64Array(out * h * w);
  for (let o = 0; o < out; o++) for (let y = 0; y < h; y++) for (let z = 0; z < w; z++) {
    let sum = bias[o];
    for (let i = 0; i < x.c; i++) for (let dy = 0; dy < k; dy++) for (let dz = 0; dz < k; dz++) {
      const yy = y + dy - pad;
      const zz = z + dz - pad;
      if (yy < 0 || zz < 0 || yy >= x.h || zz >= x.w) continue;
      sum += weight[((o * x.c + i) * k + dy) * k + dz] * x.data[(i * x.h + yy) * x.w + zz];
    }
    data[(o * h + y) * w + z] = sum;
  }
  return { c: out, h, w, data };
}

/** ONNX BatchNormalization (inference): (x - mean) / sqrt(var + eps) * gamma + beta, per channel. */
export function batchNormChw(x: Chw, gamma: ArrayLike<number>, beta: ArrayLike<number>, mean: ArrayLike<number>, variance: ArrayLike<number>, epsilon: number): Chw {
  const plane = x.h * x.w;
  const data = x.data.map((v, i) => {
    const c = Math.floor(i / plane);
    return ((v - mean[c]) / Math.sqrt(variance[c] + epsilon)) * gamma[c] + beta[c];
  });
  return { ...x, data };
}

export const reluChw = (x: Chw): Chw => ({ ...x, data: x.data.map((v) => Math.max(0, v)) });
export const addChw = (a: Chw, b: Chw): Chw => ({ ...a, data: a.data.map((v, i) => v + b.data[i]) });

/** GlobalAveragePool then Flatten: one mean per channel. */
export function globalMeanChw(x: Chw): Float64Array {
  const plane = x.h * x.w;
  const means = new Float64Array(x.c);
  for (let i = 0; i < x.data.length; i++) means[Math.floor(i / plane)] += x.data[i] / plane;
  return means;
}

/** ONNX Gemm with transB = 1: weight [out][in], y = W x + b. */
export function gemmTransB(x: ArrayLike<number>, weight: ArrayLike<number>, bias: ArrayLike<number>, out: number): Float64Array {
  const y = new Float64Array(out);
  for (let o = 0; o < out; o++) {
    let sum = bias[o];
    for (let i = 0; i < x.length; i++) sum += weight[o * x.length + i] * x[i];
    y[o] = sum;
  }
  return y;
}

/** Grad-CAM's map from alpha and channel-major maps: ReLU(Σ_k alpha_k A_k), row-major h × w. */
export function camChw(a: { c: number; h: number; w: number; data: ArrayLike<number> }, alpha: ArrayLike<number>): Float32Array {
  const plane = a.h * a.w;
  const map = new Float32Array(plane);
  for (let p = 0; p < plane; p++) {
    let sum = 0;
    for (let k = 0; k < a.c; k++) sum += alpha[k] * a.data[k * plane + p];
    map[p] = Math.max(0, sum);
  }
  return map;
}

/** Seeded values in [-scale, scale) (mulberry32), the same on every run. */
export function seeded(count: number, seed: number, scale = 1): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  });
}

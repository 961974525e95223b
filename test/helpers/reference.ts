/**
 * An independent forward pass in plain loops, written from Keras' definitions and sharing
 * no code with the engine: conv "valid" + bias + ReLU, 2×2 max-pooling, dense, softmax.
 * Tensors are row-major HWC Float32Arrays with explicit sizes.
 */

export interface Hwc {
  h: number;
  w: number;
  c: number;
  data: Float32Array;
}

/** Conv2D, stride 1, padding valid, kernel HWIO [kh, kw, c, filters], then ReLU. */
export function conv2dValidRelu(input: Hwc, kernel: Float32Array, kh: number, kw: number, bias: Float32Array): Hwc {
  const filters = bias.length;
  const h = input.h - kh + 1;
  const w = input.w - kw + 1;
  const out = new Float32Array(h * w * filters);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let f = 0; f < filters; f++) {
        let sum = bias[f];
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            for (let ch = 0; ch < input.c; ch++) {
              const value = input.data[((y + ky) * input.w + (x + kx)) * input.c + ch];
              sum += value * kernel[((ky * kw + kx) * input.c + ch) * filters + f];
            }
          }
        }
        out[(y * w + x) * filters + f] = Math.max(0, sum);
      }
    }
  }
  return { h, w, c: filters, data: out };
}

/** MaxPooling2D, pool 2×2, stride 2, padding valid (odd edges dropped, as Keras does). */
export function maxPool2x2(input: Hwc): Hwc {
  const h = Math.floor(input.h / 2);
  const w = Math.floor(input.w / 2);
  const out = new Float32Array(h * w * input.c);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let ch = 0; ch < input.c; ch++) {
        let best = -Infinity;
        for (let dy = 0; dy < 2; dy++) {
          for (let dx = 0; dx < 2; dx++) {
            best = Math.max(best, input.data[((2 * y + dy) * input.w + (2 * x + dx)) * input.c + ch]);
          }
        }
        out[(y * w + x) * input.c + ch] = best;
      }
    }
  }
  return { h, w, c: input.c, data: out };
}

/** Dense: out[j] = bias[j] + Σ in[i]·kernel[i, j]; kernel is (in, out) row-major. */
export function dense(input: Float32Array, kernel: Float32Array, bias: Float32Array, relu: boolean): Float32Array {
  const out = new Float32Array(bias.length);
  for (let j = 0; j < bias.length; j++) {
    let sum = bias[j];
    for (let i = 0; i < input.length; i++) sum += input[i] * kernel[i * bias.length + j];
    out[j] = relu ? Math.max(0, sum) : sum;
  }
  return out;
}

export function softmaxReference(values: Float32Array): Float32Array {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  const out = new Float32Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += out[i] = Math.exp(values[i] - max);
  return out.map((v) => v / sum);
}

/**
 * Largest |a − b| / max(|b|, floor) over two arrays. Values that cancel to almost zero carry
 * float32 rounding of the terms, not of the result, so the floor defaults to 1 % of the
 * largest |b|: tiny values are held to that scale instead of to themselves.
 */
export function maxRelativeError(a: Float32Array, b: Float32Array, floor?: number): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  if (floor === undefined) {
    let largest = 0;
    for (const v of b) largest = Math.max(largest, Math.abs(v));
    floor = Math.max(largest * 1e-2, 1e-12);
  }
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor));
  return worst;
}

/**
 * Plain-loop references for window ops, written from the TensorFlow/Keras and ONNX
 * definitions and sharing no code with the engine: convolution (strides, dilation, 'same'
 * and explicit padding, groups, depthwise multiplier) and pooling (padding, ceil mode,
 * count_include_pad). Tensors are row-major HWC with explicit sizes.
 */
import type { Hwc } from './reference';

export interface Window {
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  /** 'valid', 'same', or explicit [top, bottom, left, right]. */
  padding: 'valid' | 'same' | [number, number, number, number];
}

/** Output size and leading pad on one axis, TensorFlow's rule for 'same'. */
function axis(size: number, k: number, s: number, d: number, padding: Window['padding'], i: number, ceil = false): { out: number; before: number; after: number } {
  const extent = (k - 1) * d + 1;
  if (padding === 'valid') return { out: Math.floor((size - extent) / s) + 1, before: 0, after: 0 };
  if (padding === 'same') {
    const out = Math.ceil(size / s);
    const total = Math.max((out - 1) * s + extent - size, 0);
    return { out, before: Math.floor(total / 2), after: total - Math.floor(total / 2) };
  }
  const before = padding[i * 2];
  const after = padding[i * 2 + 1];
  const span = size + before + after - extent;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (out - 1) * s >= size + before) out--;
  return { out, before, after };
}

/** Conv2D with kernel HWIO [kh, kw, c / groups, filters] and bias, no activation. */
export function convReference(x: Hwc, kernel: Float32Array, filters: number, bias: Float32Array | null, win: Window, groups = 1): Hwc {
  const rows = axis(x.h, win.kh, win.sh, win.dh, win.padding, 0);
  const cols = axis(x.w, win.kw, win.sw, win.dw, win.padding, 1);
  const perGroupIn = x.c / groups;
  const perGroupOut = filters / groups;
  const out = new Float32Array(rows.out * cols.out * filters);
  for (let oy = 0; oy < rows.out; oy++) {
    for (let ox = 0; ox < cols.out; ox++) {
      for (let f = 0; f < filters; f++) {
        const g = Math.floor(f / perGroupOut);
        let sum = bias ? bias[f] : 0;
        for (let ky = 0; ky < win.kh; ky++) {
          const iy = oy * win.sh + ky * win.dh - rows.before;
          if (iy < 0 || iy >= x.h) continue;
          for (let kx = 0; kx < win.kw; kx++) {
            const ix = ox * win.sw + kx * win.dw - cols.before;
            if (ix < 0 || ix >= x.w) continue;
            for (let ci = 0; ci < perGroupIn; ci++) {
              const v = x.data[(iy * x.w + ix) * x.c + g * perGroupIn + ci];
              sum += v * kernel[((ky * win.kw + kx) * perGroupIn + ci) * filters + f];
            }
          }
        }
        out[(oy * cols.out + ox) * filters + f] = sum;
      }
    }
  }
  return { h: rows.out, w: cols.out, c: filters, data: out };
}

/** DepthwiseConv2D with kernel [kh, kw, c, multiplier]: output channel c * m + j. */
export function depthwiseReference(x: Hwc, kernel: Float32Array, multiplier: number, bias: Float32Array | null, win: Window): Hwc {
  const rows = axis(x.h, win.kh, win.sh, win.dh, win.padding, 0);
  const cols = axis(x.w, win.kw, win.sw, win.dw, win.padding, 1);
  const channels = x.c * multiplier;
  const out = new Float32Array(rows.out * cols.out * channels);
  for (let oy = 0; oy < rows.out; oy++) {
    for (let ox = 0; ox < cols.out; ox++) {
      for (let c = 0; c < x.c; c++) {
        for (let j = 0; j < multiplier; j++) {
          let sum = bias ? bias[c * multiplier + j] : 0;
          for (let ky = 0; ky < win.kh; ky++) {
            const iy = oy * win.sh + ky * win.dh - rows.before;
            if (iy < 0 || iy >= x.h) continue;
            for (let kx = 0; kx < win.kw; kx++) {
              const ix = ox * win.sw + kx * win.dw - cols.before;
              if (ix < 0 || ix >= x.w) continue;
              sum += x.data[(iy * x.w + ix) * x.c + c] * kernel[((ky * win.kw + kx) * x.c + c) * multiplier + j];
            }
          }
          out[(oy * cols.out + ox) * channels + c * multiplier + j] = sum;
        }
      }
    }
  }
  return { h: rows.out, w: cols.out, c: channels, data: out };
}

/**
 * Max or average pooling. An average counts the real cells of the window (Keras 'same',
 * ONNX count_include_pad=0), or also the explicit pads (count_include_pad=1); cells that
 * ceil mode adds past the pads never count.
 */
export function poolReference(x: Hwc, kind: 'max' | 'avg', win: Window, ceil = false, countIncludePad = false): Hwc {
  const rows = axis(x.h, win.kh, win.sh, 1, win.padding, 0, ceil);
  const cols = axis(x.w, win.kw, win.sw, 1, win.padding, 1, ceil);
  const out = new Float32Array(rows.out * cols.out * x.c);
  for (let oy = 0; oy < rows.out; oy++) {
    for (let ox = 0; ox < cols.out; ox++) {
      for (let c = 0; c < x.c; c++) {
        let best = -Infinity;
        let sum = 0;
        let count = 0;
        for (let ky = 0; ky < win.kh; ky++) {
          for (let kx = 0; kx < win.kw; kx++) {
            const iy = oy * win.sh + ky - rows.before;
            const ix = ox * win.sw + kx - cols.before;
            const inside = iy >= 0 && iy < x.h && ix >= 0 && ix < x.w;
            const inPads = iy >= -rows.before && iy < x.h + rows.after && ix >= -cols.before && ix < x.w + cols.after;
            if (inside) {
              const v = x.data[(iy * x.w + ix) * x.c + c];
              best = Math.max(best, v);
              sum += v;
            }
            if (inside || (countIncludePad && inPads)) count++;
          }
        }
        out[(oy * cols.out + ox) * x.c + c] = kind === 'max' ? best : sum / count;
      }
    }
  }
  return { h: rows.out, w: cols.out, c: x.c, data: out };
}

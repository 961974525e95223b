/**
 * MaxPoolGrad for the WASM backend, in JavaScript. tfjs-backend-wasm 4.22's own kernel gives
 * wrong gradients for maps with several channels (measured against the cpu backend on an
 * 11×11×8 map: off by up to 1.0; test/grad-cam.test.ts keeps the comparison), so Grad-CAM
 * through a pooling layer would be wrong. This follows the cpu backend's rule: each window's
 * gradient goes to its first maximum. Cheap next to the convolutions (one pass per window).
 */
import { backend_util, MaxPoolGrad, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';

interface WasmLike {
  readSync(dataId: unknown): ArrayLike<number>;
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

const maxPoolGrad = (({ inputs, backend, attrs }: { inputs: { dy: TensorInfo; input: TensorInfo }; backend: WasmLike; attrs: Record<string, unknown> }) => {
  const { dy, input } = inputs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number], attrs.filterSize as [number, number], attrs.strides as [number, number], 1,
    attrs.pad as 'valid', attrs.dimRoundingMode as 'floor' | undefined,
  );
  const x = backend.readSync(input.dataId);
  const g = backend.readSync(dy.dataId);
  const out = backend.makeOutput(input.shape, 'float32');
  const dx = backend.typedArrayFromHeap(out);
  dx.fill(0);
  const { inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { effectiveFilterHeight: kh, effectiveFilterWidth: kw, dilationHeight: dh, dilationWidth: dw } = info;
  for (let b = 0; b < info.batchSize; b++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        for (let ch = 0; ch < c; ch++) {
          let best = -Infinity;
          let at = -1;
          for (let ky = 0; ky < kh; ky += dh) {
            const iy = oy * sh - info.padInfo.top + ky;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < kw; kx += dw) {
              const ix = ox * sw - info.padInfo.left + kx;
              if (ix < 0 || ix >= w) continue;
              const index = ((b * h + iy) * w + ix) * c + ch;
              if (x[index] > best) {
                best = x[index];
                at = index;
              }
            }
          }
          if (at >= 0) dx[at] += g[((b * oh + oy) * ow + ox) * c + ch];
        }
      }
    }
  }
  return out;
}) as unknown as KernelFunc;

export const jsMaxPoolGradConfig: KernelConfig = { kernelName: MaxPoolGrad, backendName: 'wasm', kernelFunc: maxPoolGrad };

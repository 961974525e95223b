/**
 * The lecture's CIFAR-10 model computed by the plain-loop reference, with weights read
 * straight from ../shared/models/cifar10.h5 by h5wasm (not from our converted files).
 */
import h5wasm from 'h5wasm/node';
import { conv2dValidRelu, dense, maxPool2x2, softmaxReference, type Hwc } from './reference';

export const LECTURE_LAYERS = ['conv2d', 'max_pooling2d', 'conv2d_1', 'conv2d_2', 'max_pooling2d_1', 'conv2d_3'];

type Weights = Record<string, { kernel: Float32Array; bias: Float32Array; shape: number[] }>;

/** Reads kernel and bias of every layer with weights from the HDF5 file. */
export async function readH5Weights(path: string): Promise<Weights> {
  await h5wasm.ready;
  const file = new h5wasm.File(path, 'r');
  try {
    const weights: Weights = {};
    for (const layer of ['conv2d', 'conv2d_1', 'conv2d_2', 'conv2d_3', 'dense', 'dense_1']) {
      const kernel = file.get(`model_weights/${layer}/${layer}/kernel:0`) as InstanceType<typeof h5wasm.Dataset>;
      const bias = file.get(`model_weights/${layer}/${layer}/bias:0`) as InstanceType<typeof h5wasm.Dataset>;
      weights[layer] = {
        kernel: Float32Array.from(kernel.value as Float32Array),
        bias: Float32Array.from(bias.value as Float32Array),
        shape: kernel.shape as number[],
      };
    }
    return weights;
  } finally {
    file.close();
  }
}

/** All six lecture layers plus class probabilities for one 32×32×3 HWC input. */
export function lectureForward(input: Hwc, w: Weights): { layers: Record<string, Hwc>; probabilities: Float32Array } {
  const conv = (x: Hwc, name: string) => conv2dValidRelu(x, w[name].kernel, w[name].shape[0], w[name].shape[1], w[name].bias);
  const layers: Record<string, Hwc> = {};
  layers.conv2d = conv(input, 'conv2d');
  layers.max_pooling2d = maxPool2x2(layers.conv2d);
  layers.conv2d_1 = conv(layers.max_pooling2d, 'conv2d_1');
  layers.conv2d_2 = conv(layers.conv2d_1, 'conv2d_2');
  layers.max_pooling2d_1 = maxPool2x2(layers.conv2d_2);
  layers.conv2d_3 = conv(layers.max_pooling2d_1, 'conv2d_3');
  // Keras flattens channels-last, which is exactly the HWC order of our arrays.
  const hidden = dense(layers.conv2d_3.data, w.dense.kernel, w.dense.bias, true);
  const probabilities = softmaxReference(dense(hidden, w.dense_1.kernel, w.dense_1.bias, false));
  return { layers, probabilities };
}

/**
 * A layer's kernel values for the page (the first layer's filters, a filter's weights in the
 * zoom): the kernel as the engine holds it, channels-last [kh, kw, cin, cout] (depthwise:
 * [kh, kw, cin, multiplier]), fetched with the layer's weight file if it is not loaded yet.
 */
import { ConvlensError } from './errors';
import type { LoadedModel } from './engine/load-model';
import { nodeByName } from './engine/execute';

export interface LayerWeights {
  layer: string;
  /** The engine's op name: conv2d, depthwiseConv2d, separableConv2d, dense… */
  op: string;
  /** Which weight this is: kernel, or depthwise for a separable convolution. */
  role: string;
  shape: number[];
  data: Float32Array;
}

/** Roles that hold a layer's spatial kernel, in the order they are looked for. */
const KERNEL_ROLES = ['kernel', 'depthwise'];

/** The kernel of `layer` as a fresh Float32Array (the engine's tensors stay as they are). */
export async function layerWeights(loaded: LoadedModel, layer: string): Promise<LayerWeights> {
  const node = nodeByName(loaded.graph, layer);
  const role = KERNEL_ROLES.find((name) => name in node.weights);
  if (!role) throw new ConvlensError('weights-none', `Layer ${layer} has no kernel to show (it is a ${node.attributes.op} layer).`);
  const tensors = await loaded.weights.tensors(node);
  const tensor = tensors[role];
  if (!tensor) throw new ConvlensError('weights-missing', `The model has no ${role} weights for layer ${layer}.`);
  return { layer, op: node.attributes.op, role, shape: [...tensor.shape], data: Float32Array.from(await tensor.data() as Float32Array) };
}

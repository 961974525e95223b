/**
 * The engine's model graph: what every reader (Keras HDF5 and .keras, tfjs model.json, ONNX)
 * produces and what the executor runs. Plain data, no tensors, no tfjs: a reader fills it,
 * `completeGraph` (shapes.ts) infers output shapes and parameter counts, the executor
 * (execute.ts) maps each op to tfjs-core calls. See GRAPH.md beside this file.
 *
 * Layout: activations are NHWC with batch 1 (`[1, h, w, c]`), dense activations `[1, n]`.
 * A reader of a channels-first format (ONNX) transposes its weights once at load and says
 * so with `layout: 'nchw'`, which only changes how shapes are displayed.
 */

/** An element-wise activation, fused into conv/dense nodes or a node of its own. */
export type ActivationName =
  | 'linear' | 'relu' | 'relu6' | 'leakyRelu' | 'elu' | 'selu' | 'sigmoid' | 'hardSigmoid' | 'hardSwish'
  | 'swish' | 'gelu' | 'tanh' | 'softmax' | 'logSoftmax' | 'softplus' | 'softsign' | 'exponential' | 'clip';

export interface Activation {
  name: ActivationName;
  /** leakyRelu slope, elu alpha, hardSigmoid slope (default 0.2). */
  alpha?: number;
  /** hardSigmoid offset (default 0.5). */
  beta?: number;
  /** clip bounds (relu6 is clip 0..6). */
  min?: number;
  max?: number;
}

/** [rows, cols]. */
export type Pair = [number, number];

/** Keras' two paddings, or explicit [top, bottom, left, right] (ONNX pads). */
export type Padding = 'valid' | 'same' | [number, number, number, number];

/** A weight the node needs, by its name in the weight store (the manifest or initialiser name). */
export interface WeightRef {
  key: string;
  /** Shape in the engine's layout (what the store must deliver). */
  shape: number[];
  /** Counted as trainable in the summary (Keras: BatchNormalization's moving stats are not). */
  trainable: boolean;
}

/** The ops and their attributes. Weight roles are listed with each op. */
export type OpAttributes =
  | { op: 'input'; shape: number[] }
  /** weights: kernel [kh, kw, cin / groups, cout], bias? [cout] */
  | { op: 'conv2d'; filters: number; kernel: Pair; strides: Pair; dilations: Pair; padding: Padding; groups: number; activation: Activation }
  /** weights: kernel [kh, kw, cin, multiplier], bias? [cin * multiplier] */
  | { op: 'depthwiseConv2d'; multiplier: number; kernel: Pair; strides: Pair; dilations: Pair; padding: Padding; activation: Activation }
  /** weights: depthwise [kh, kw, cin, m], pointwise [1, 1, cin * m, cout], bias? [cout] */
  | { op: 'separableConv2d'; filters: number; multiplier: number; kernel: Pair; strides: Pair; dilations: Pair; padding: Padding; activation: Activation }
  | { op: 'maxPool'; pool: Pair; strides: Pair; padding: Padding; ceilMode?: boolean }
  /** countIncludePad: padded cells count in the mean (ONNX count_include_pad); Keras 'same' excludes them. */
  | { op: 'avgPool'; pool: Pair; strides: Pair; padding: Padding; ceilMode?: boolean; countIncludePad?: boolean }
  /** Output [1, c], or [1, 1, 1, c] with keepDims. */
  | { op: 'globalAvgPool'; keepDims: boolean }
  | { op: 'globalMaxPool'; keepDims: boolean }
  /** weights: gamma? beta? mean variance, each [c]; run as one multiply-add (scale, offset computed at load). */
  | { op: 'batchNorm'; epsilon: number }
  /** weights: kernel [in, units], bias? [units]. Applied on the last axis, as Keras' Dense (and ONNX Gemm/MatMul on 2-D). */
  | { op: 'dense'; units: number; activation: Activation }
  | { op: 'activation'; activation: Activation }
  /** weights: alpha (broadcast against the input, engine layout). */
  | { op: 'prelu' }
  /** Element-wise with numpy broadcasting; inputs are nodes (a `constant` node for a constant operand). */
  | { op: 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min' }
  /** Sum of all inputs (Keras Add with more than two inputs). */
  | { op: 'addN' }
  /** axis in the engine layout (-1: channels). */
  | { op: 'concat'; axis: number }
  /** pads [[top, bottom], [left, right]] on H and W. */
  | { op: 'pad'; pads: [Pair, Pair]; mode: 'constant' | 'reflect' | 'edge'; value: number }
  /** x * scale + offset (Keras Rescaling). */
  | { op: 'rescale'; scale: number; offset: number }
  /**
   * To `shape` (without batch; -1 once at most). `order: 'nchw'` (an ONNX Reshape/Flatten of
   * a channels-first tensor): a 4-D input is read in channels-first order, `shape` is in the
   * source layout, and a 3-entry `shape` [c, h, w] gives an NHWC [1, h, w, c] output.
   */
  | { op: 'reshape'; shape: number[]; order: 'nhwc' | 'nchw' }
  | { op: 'flatten'; order: 'nhwc' | 'nchw' }
  /** Dropout, Identity, InputLayer copies: the input unchanged. */
  | { op: 'identity' }
  /** ONNX LRN across channels. */
  | { op: 'lrn'; size: number; alpha: number; beta: number; bias: number }
  /** weights: value; the output is the weight itself (a constant operand of an element-wise op). */
  | { op: 'constant' }
  /**
   * A convolution whose strides and dilations both exceed 1 (ONNX allows it, TensorFlow.js
   * does not): `conv` runs with strides 1 and explicit pads, then every strides-th cell is kept.
   * Weights as for `conv.op`. Implemented in ops/onnx-ops.ts.
   */
  | { op: 'dilatedStridedConv'; conv: ConvAttributes; strides: Pair };

/** The attributes of a (grouped) or depthwise convolution. */
export type ConvAttributes =
  | { op: 'conv2d'; filters: number; kernel: Pair; strides: Pair; dilations: Pair; padding: Padding; groups: number; activation: Activation }
  | { op: 'depthwiseConv2d'; multiplier: number; kernel: Pair; strides: Pair; dilations: Pair; padding: Padding; activation: Activation };

export type OpKind = OpAttributes['op'];

export interface GraphNode {
  /** Unique in the graph; the layer name students see and `layers` selects. */
  name: string;
  /** The source format's type name, shown in the summary: `Conv2D`, `MaxPooling2D`, `Conv` (ONNX). */
  type: string;
  attributes: OpAttributes;
  /** Names of the nodes whose outputs this node reads, in order. */
  inputs: string[];
  /** Weights by role: kernel, bias, gamma, beta, mean, variance, depthwise, pointwise, alpha, value. */
  weights: Record<string, WeightRef>;
  /** Filled by completeGraph: output shape with batch 1, engine layout. */
  outputShape?: number[];
  /** Filled by completeGraph: parameters (all weights) and the trainable part. */
  params?: number;
  trainableParams?: number;
  /** Hidden from the summary (Keras hides a Sequential model's InputLayer; `constant` nodes). */
  hidden?: boolean;
}

export interface ModelGraph {
  name: string;
  /** Topological order: every node comes after its inputs. Exactly one `input` node. */
  nodes: GraphNode[];
  /** The node whose output is the prediction. */
  output: string;
  /** How the source format lays out 4-D tensors (display only; the engine is always NHWC). */
  layout: 'nhwc' | 'nchw';
}

/** The activation that does nothing. */
export const LINEAR: Activation = { name: 'linear' };

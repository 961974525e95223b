/**
 * ONNX graph -> engine graph: walks the nodes in their (topological) order, folds what is
 * constant, translates each operator with its category's translator and refuses anything
 * else, naming the operator and the node.
 */
import type { ModelGraph } from '../../engine/graph';
import { ModelFormatError } from '../errors';
import type { OnnxModel, OnnxNode } from './decode';
import { Translation, type Value } from './context';
import { foldNode, isFoldable, shapeConstant } from './fold';
import { engineShape } from './layout';
import * as activations from './ops-activation';
import * as windows from './ops-conv';
import * as tensors from './ops-tensor';
import type { Translator } from './ops-conv';

const TRANSLATORS: Record<string, Translator> = {
  Conv: windows.conv,
  MaxPool: windows.maxPool,
  AveragePool: windows.avgPool,
  GlobalAveragePool: windows.globalAvgPool,
  GlobalMaxPool: windows.globalMaxPool,
  BatchNormalization: windows.batchNorm,
  LRN: windows.lrn,
  Pad: windows.pad,
  Relu: activations.relu,
  LeakyRelu: activations.leakyRelu,
  PRelu: activations.prelu,
  Elu: activations.elu,
  Selu: activations.selu,
  Sigmoid: activations.sigmoid,
  Tanh: activations.tanh,
  Clip: activations.clip,
  HardSigmoid: activations.hardSigmoid,
  HardSwish: activations.hardSwish,
  Softmax: activations.softmax,
  LogSoftmax: activations.logSoftmax,
  Add: tensors.add,
  Sub: tensors.sub,
  Mul: tensors.mul,
  Div: tensors.div,
  Sum: tensors.sum,
  Concat: tensors.concat,
  Flatten: tensors.flatten,
  Reshape: tensors.reshape,
  Transpose: tensors.transposeNode,
  Gemm: tensors.gemm,
  MatMul: tensors.matMul,
  Dropout: tensors.identity,
  Identity: tensors.identity,
};

/** Operators only folded at load (their inputs must be constants, or an activation's shape). */
const FOLDED_ONLY = ['Constant', 'ConstantOfShape', 'Shape', 'Gather', 'Unsqueeze', 'Squeeze', 'Cast', 'Neg'];

/** Every operator name the reader takes, for messages and the README. */
export const SUPPORTED_OPERATORS = [...Object.keys(TRANSLATORS), ...FOLDED_ONLY].sort();

export interface TranslateOptions {
  /** [height, width] for an input whose spatial size the graph leaves dynamic. */
  inputSize?: [number, number];
}

export interface Translated {
  graph: ModelGraph;
  weights: Map<string, Float32Array>;
  /** True when the graph's input size was dynamic (the caller had to give it). */
  dynamicInput: boolean;
}

export function translate(model: OnnxModel, fileName: string, options: TranslateOptions = {}): Translated {
  const t = new Translation(fileName, model.opset);
  for (const [name, tensor] of model.initializers) t.setConstant(name, tensor);
  const dynamicInput = addInput(model, t, options);
  for (const node of model.nodes) translateNode(node, t);
  const output = t.values.get(model.outputs[0]);
  if (!output || output.kind !== 'runtime' || output.perm) {
    throw new ModelFormatError(`${fileName}: the graph's output "${model.outputs[0]}" is not computed from the image input.`, 'model-input');
  }
  const graph: ModelGraph = { name: modelName(model.graphName, fileName), nodes: t.nodes, output: output.node, layout: 'nchw' };
  return { graph, weights: t.weights, dynamicInput };
}

/** The graph's own name, or the file's when the exporter wrote its default one. */
function modelName(graphName: string, fileName: string): string {
  const defaults = ['', 'torch_jit', 'torch-jit-export', 'main_graph'];
  return defaults.includes(graphName) ? fileName.replace(/\.onnx$/i, '') : graphName;
}

function translateNode(node: OnnxNode, t: Translation): void {
  if (node.domain !== '' && node.domain !== 'ai.onnx') {
    throw t.refuse(node, `is from the operator domain "${node.domain}", not standard ONNX; convlens does not support it`, 'model-unknown-layer');
  }
  const inputs = node.inputs.map((_, i) => t.value(node, i));
  if (node.opType === 'Shape' && inputs[0]?.kind === 'runtime') {
    t.setConstant(node.outputs[0], shapeConstant(node, inputs[0].shape));
    return;
  }
  if (isFoldable(node) && inputs.every((value) => value === undefined || value.kind === 'const')) {
    t.setConstant(node.outputs[0], foldNode(node, inputs.map((value) => (value as Extract<Value, { kind: 'const' }> | undefined)?.tensor), t));
    return;
  }
  const translator = TRANSLATORS[node.opType];
  if (translator) return translator(node, t);
  if (FOLDED_ONLY.includes(node.opType)) {
    throw t.refuse(node, 'computes on the image\'s activations; convlens folds it only where it computes a constant (a shape)', 'model-unknown-layer');
  }
  throw t.refuse(node, `is an operator convlens does not support. Supported: ${SUPPORTED_OPERATORS.join(', ')}.`, 'model-unknown-layer');
}

/** The one image input: (N, C, H, W) with N taken as 1, or (N, features). */
function addInput(model: OnnxModel, t: Translation, options: TranslateOptions): boolean {
  const inputs = model.inputs;
  if (inputs.length !== 1) {
    throw new ModelFormatError(`${t.fileName} takes ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')}); convlens needs one image input.`, 'model-input');
  }
  const [input] = inputs;
  const dims = input.dims;
  if (!dims || dims.length < 2) {
    throw new ModelFormatError(`${t.fileName}: input "${input.name}" has shape ${dims ? `[${dims}]` : 'unknown'}; convlens needs one image input (N, C, H, W).`, 'model-input');
  }
  let dynamicInput = false;
  const shape = dims.map((d, i) => {
    if (d !== null) return i === 0 ? 1 : d;
    if (i === 0) return 1;
    if (dims.length === 4 && i >= 2 && options.inputSize) {
      dynamicInput = true;
      return options.inputSize[i - 2];
    }
    throw new ModelFormatError(
      `${t.fileName}: input "${input.name}" leaves axis ${i} of (${dims.map((x) => x ?? '?').join(', ')}) dynamic; give the input size (height and width).`,
      dims.length === 4 && i >= 2 ? 'model-input-size' : 'model-input',
    );
  });
  t.nodes.push({ name: input.name, type: 'Input', attributes: { op: 'input', shape: engineShape(shape).slice(1) }, inputs: [], weights: {} });
  t.values.set(input.name, { kind: 'runtime', node: input.name, shape });
  return dynamicInput;
}

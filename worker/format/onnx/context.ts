/**
 * The state of one ONNX -> graph translation: what each ONNX value name holds (a constant,
 * or the output of a graph node with its ONNX-layout shape), the graph nodes and weights
 * made so far, and refusals that name the operator and the node.
 */
import type { Activation, GraphNode, OpAttributes, WeightRef } from '../../engine/graph';
import { ModelFormatError } from '../errors';
import type { OnnxAttribute, OnnxNode } from './decode';
import { LayerNames } from './names';
import { asFloat32, type ConstTensor } from './tensor';

/** The output of a graph node. `shape` is ONNX's (NCHW for 4-D), batch 1. */
export interface RuntimeValue {
  kind: 'runtime';
  node: string;
  shape: number[];
  /** Set by a Transpose waiting to be folded into the Reshape or Flatten it feeds. */
  perm?: number[];
  /** The Transpose node that set `perm`, for refusals. */
  permNode?: string;
}

export interface ConstValue {
  kind: 'const';
  tensor: ConstTensor;
}

export type Value = RuntimeValue | ConstValue;

export class Translation {
  readonly values = new Map<string, Value>();
  readonly nodes: GraphNode[] = [];
  readonly weights = new Map<string, Float32Array>();
  private readonly names = new LayerNames();

  constructor(
    readonly fileName: string,
    readonly opset: number,
  ) {}

  /** An error naming the file, the operator and the node. */
  refuse(node: OnnxNode, what: string, code = 'model-unsupported-setting'): ModelFormatError {
    return new ModelFormatError(`${this.fileName}: ${node.opType} node "${node.name || node.outputs[0]}" ${what}`, code);
  }

  value(node: OnnxNode, index: number): Value | undefined {
    const name = node.inputs[index];
    if (name === undefined || name === '') return undefined;
    const value = this.values.get(name);
    if (!value) throw this.refuse(node, `reads "${name}", which no node before it produces (a second output convlens does not compute?)`);
    return value;
  }

  /** Input `index` as a graph node's output; refuses constants and pending Transposes. */
  runtime(node: OnnxNode, index: number, { allowPerm = false } = {}): RuntimeValue {
    const value = this.value(node, index);
    if (!value) throw this.refuse(node, `has no input ${index}`);
    if (value.kind === 'const') throw this.refuse(node, `takes a constant as input ${index}, where convlens needs the image's activations`);
    if (value.perm && !allowPerm) {
      throw this.refuse(node, `reads the output of Transpose "${value.permNode}"; convlens folds a Transpose only into the Reshape or Flatten it feeds`);
    }
    return value;
  }

  /** Input `index` as a constant, or undefined when absent; refuses values computed at run time. */
  constant(node: OnnxNode, index: number, role: string): ConstTensor | undefined {
    const value = this.value(node, index);
    if (!value) return undefined;
    if (value.kind !== 'const') throw this.refuse(node, `computes its ${role} (input ${index}) at run time; convlens needs it constant`);
    return value.tensor;
  }

  requiredConstant(node: OnnxNode, index: number, role: string): ConstTensor {
    const tensor = this.constant(node, index, role);
    if (!tensor) throw this.refuse(node, `has no ${role} (input ${index})`);
    return tensor;
  }

  /** A unique display name for the graph node made from `node`. */
  layerName(node: OnnxNode): string {
    return this.names.take(node.name, node.opType);
  }

  /** Stores `tensor` as weight `<layer>/<role>` in the engine layout it already has. */
  weight(layer: string, role: string, tensor: ConstTensor, trainable = true): WeightRef {
    const key = `${layer}/${role}`;
    this.weights.set(key, asFloat32(tensor));
    return { key, shape: tensor.dims.length === 0 ? [1] : [...tensor.dims], trainable };
  }

  /** Adds a graph node for ONNX node `node`; its first output holds `shape` (ONNX layout). */
  add(node: OnnxNode, attributes: OpAttributes, inputs: string[], shape: number[], weights: Record<string, WeightRef> = {}, name = this.layerName(node)): RuntimeValue {
    this.nodes.push({ name, type: node.opType, attributes, inputs, weights });
    const value: RuntimeValue = { kind: 'runtime', node: name, shape };
    this.values.set(node.outputs[0], value);
    return value;
  }

  /** A hidden `constant` node holding `tensor` (engine layout), as the operand of element-wise ops. */
  addConstant(name: string, tensor: ConstTensor): string {
    const node: GraphNode = { name, type: 'Constant', attributes: { op: 'constant' }, inputs: [], weights: { value: this.weight(name, 'value', tensor, false) }, hidden: true };
    this.nodes.push(node);
    return name;
  }

  setConstant(output: string, tensor: ConstTensor): void {
    this.values.set(output, { kind: 'const', tensor });
  }
}

/** Attribute readers with ONNX's defaults. */
export function intAttr(node: OnnxNode, name: string, fallback: number): number {
  return node.attributes.get(name)?.i ?? fallback;
}

export function floatAttr(node: OnnxNode, name: string, fallback: number): number {
  const attribute: OnnxAttribute | undefined = node.attributes.get(name);
  return attribute?.f ?? attribute?.i ?? fallback;
}

export function intsAttr(node: OnnxNode, name: string): number[] | undefined {
  return node.attributes.get(name)?.ints;
}

export function stringAttr(node: OnnxNode, name: string, fallback: string): string {
  return node.attributes.get(name)?.s ?? fallback;
}

export type { Activation };

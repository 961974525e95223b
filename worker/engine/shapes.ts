/**
 * Checks a graph a reader produced and fills in what follows from it: every node's output
 * shape, its weights' expected shapes (a weight of another shape is refused here, before
 * the model is used) and its parameter counts. Throws ConvlensError naming the node.
 */
import { ConvlensError } from '../errors';
import type { GraphNode, ModelGraph } from './graph';
import { OPS, opSpec } from './ops';
import { ShapeError, product } from './ops/types';

/** Validates `graph` in place and returns it with outputShape and params on every node. */
export function completeGraph(graph: ModelGraph, fileName: string): ModelGraph {
  const shapes = new Map<string, number[]>();
  const inputs = graph.nodes.filter((node) => node.attributes.op === 'input');
  if (inputs.length !== 1) {
    throw new ConvlensError('model-input', `${fileName} has ${inputs.length} inputs; convlens needs one image input (height, width, 1 or 3 channels).`);
  }
  for (const node of graph.nodes) {
    if (shapes.has(node.name)) throw topology(fileName, `two layers are named ${node.name}`);
    if (!(node.attributes.op in OPS)) throw topology(fileName, `layer ${node.name} has an unknown op ${String(node.attributes.op)}`);
    const inputShapes = node.inputs.map((name) => {
      const shape = shapes.get(name);
      if (!shape) throw topology(fileName, `layer ${node.name} reads ${name}, which does not come before it`);
      return shape;
    });
    completeNode(node, inputShapes, fileName);
    shapes.set(node.name, node.outputShape!);
  }
  if (!shapes.has(graph.output)) throw topology(fileName, `the output layer ${graph.output} is not in the model`);
  return graph;
}

function completeNode(node: GraphNode, inputShapes: number[][], fileName: string): void {
  const spec = opSpec(node.attributes.op);
  const given = Object.fromEntries(Object.entries(node.weights).map(([role, ref]) => [role, ref.shape]));
  try {
    if (node.attributes.op !== 'input' && node.attributes.op !== 'constant' && inputShapes.length === 0) {
      throw new ShapeError('it has no input');
    }
    checkWeights(node, spec.weights?.(node.attributes, inputShapes, given) ?? {});
    node.outputShape = spec.shape(node.attributes, inputShapes, given);
  } catch (error) {
    if (error instanceof ShapeError) throw topology(fileName, `layer ${node.name} (${node.type}): ${error.message}`);
    throw error;
  }
  const refs = Object.values(node.weights);
  node.params = refs.reduce((sum, ref) => sum + product(ref.shape), 0);
  node.trainableParams = refs.filter((ref) => ref.trainable).reduce((sum, ref) => sum + product(ref.shape), 0);
}

/** Every given weight has an expected role and shape; every required role is given. */
function checkWeights(node: GraphNode, expected: Record<string, number[] | null>): void {
  for (const [role, ref] of Object.entries(node.weights)) {
    const shape = expected[role];
    if (shape === undefined) throw new ConvlensError('weights-unexpected', `Layer ${node.name} (${node.type}) has a weight ${ref.key} it does not use.`);
    if (shape && !sameShape(shape, ref.shape)) {
      throw new ConvlensError('weights-shape', `Weight ${ref.key} has shape [${ref.shape}], the layer ${node.name} expects [${shape}].`);
    }
  }
  for (const [role, shape] of Object.entries(expected)) {
    if (shape && !node.weights[role]) throw new ConvlensError('weights-missing', `The model has no ${role} weights for layer ${node.name}.`);
  }
}

function sameShape(expected: number[], actual: number[]): boolean {
  // A weight that broadcasts (a PReLU alpha, a constant operand) is given with an empty expectation.
  if (expected.length === 0) return true;
  return expected.length === actual.length && expected.every((d, i) => d === actual[i]);
}

function topology(fileName: string, detail: string): ConvlensError {
  return new ConvlensError('model-topology', `${fileName}: the model cannot be built: ${detail}.`);
}

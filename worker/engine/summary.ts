/** The Keras-style model summary from the graph: one row per layer, parameter totals, default layers. */
import type { LayerGeometry, ModelSummary, SummaryRow } from '../contract';
import type { GraphNode } from './graph';
import type { LoadedModel } from './load-model';
import { endsInSoftmax } from './prediction';

/** Ops whose 4-D output only repeats or re-arranges their input; not drawn by default. */
const PASS_THROUGH = new Set(['input', 'reshape', 'identity', 'pad', 'rescale', 'constant']);

/** Builds the summary rows as Keras' `model.summary()` prints them. */
export function summarize(loaded: LoadedModel): ModelSummary {
  const { graph } = loaded;
  const shown = graph.nodes.filter((node) => !node.hidden);
  const rows = shown.map((node) => toRow(node, graph.layout));
  const totalParams = graph.nodes.reduce((sum, node) => sum + (node.params ?? 0), 0);
  const trainableParams = graph.nodes.reduce((sum, node) => sum + (node.trainableParams ?? 0), 0);
  return {
    modelName: graph.name,
    rows,
    totalParams,
    trainableParams,
    nonTrainableParams: totalParams - trainableParams,
    weightBytes: loaded.weights.totalBytes,
    inputShape: loaded.inputShape,
    defaultLayers: rows.filter((row, i) => row.drawable && !PASS_THROUGH.has(shown[i].attributes.op)).map((row) => row.name),
    outputs: endsInSoftmax(graph) ? 'probabilities' : 'logits',
    metadata: loaded.metadata,
  };
}

function toRow(node: GraphNode, layout: 'nhwc' | 'nchw'): SummaryRow {
  const shape = node.outputShape!;
  const row: SummaryRow = {
    name: node.name,
    type: node.type,
    outputShape: [null, ...shape.slice(1)],
    params: node.params ?? 0,
    drawable: shape.length === 4 && node.attributes.op !== 'input',
    geometry: geometryOf(node),
  };
  if (layout === 'nchw' && shape.length === 4) row.sourceShape = [shape[0], shape[3], shape[1], shape[2]];
  return row;
}

/** Kernel, stride, dilation and padding of conv and pooling layers; undefined for others. */
function geometryOf(node: GraphNode): LayerGeometry | undefined {
  const a = node.attributes;
  const window =
    a.op === 'conv2d' || a.op === 'depthwiseConv2d' || a.op === 'separableConv2d' ? { kernel: a.kernel, stride: a.strides, dilation: a.dilations, padding: a.padding }
    : a.op === 'maxPool' || a.op === 'avgPool' ? { kernel: a.pool, stride: a.strides, dilation: [1, 1] as [number, number], padding: a.padding }
    : null;
  if (!window) return undefined;
  const { padding, ...rest } = window;
  if (Array.isArray(padding)) return { ...rest, padding: 'valid', pads: padding };
  return { ...rest, padding };
}

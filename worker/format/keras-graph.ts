/**
 * A Keras Sequential or Functional model config (Keras 2 form, as prepareModelConfig leaves
 * it) -> the engine's model graph, in topological order. Sequential models get the input
 * layer Keras hides from their summary; shared layers and nested models are refused. Pure.
 */
import { ConvlensError } from '../errors';
import type { ModelGraph } from '../engine/graph';
import { isObject, type JsonObject } from './keras-config';
import { layerNode, type ShapeOf } from './keras-layers';

interface LayerEntry {
  name: string;
  className: string;
  config: JsonObject;
  inputs: string[];
}

/** The graph of `config` (`{class_name, config}`), weight shapes from `shapeOf`. */
export function kerasGraph(config: JsonObject, shapeOf: ShapeOf, fileName: string): ModelGraph {
  const inner = config.config;
  const sequential = config.class_name === 'Sequential';
  const entries = sequential ? sequentialEntries(inner, fileName) : functionalEntries(inner, fileName);
  const name = String((isObject(inner) && inner.name) || config.name || (sequential ? 'sequential' : 'model'));
  const sorted = sortTopologically(entries, fileName);
  checkImageInput(sorted, fileName);
  const nodes = sorted.map((entry) => {
    const node = layerNode({ ...entry, shapeOf, fileName });
    if (sequential && node.attributes.op === 'input') node.hidden = true;
    return node;
  });
  const output = sequential ? nodes[nodes.length - 1].name : functionalOutput(inner as JsonObject, fileName);
  return { name, nodes, output, layout: 'nhwc' };
}

function layerList(inner: unknown): JsonObject[] {
  const layers = Array.isArray(inner) ? inner : isObject(inner) ? inner.layers : null;
  return (Array.isArray(layers) ? layers : []) as JsonObject[];
}

function entryOf(layer: JsonObject, inputs: string[], fileName: string): LayerEntry {
  const config = (isObject(layer.config) ? layer.config : {}) as JsonObject;
  const className = String(layer.class_name);
  const name = String(config.name ?? layer.name ?? className);
  // TensorFlow's own rule for scope names, which Keras layer names follow (and tfjs enforced).
  if (!/^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$/.test(name)) {
    throw new ConvlensError('model-layer-name', `${fileName}: the layer name “${name}” is not a Keras layer name (letters, digits and . _ - / only), so the file was changed or not made by Keras.`);
  }
  if (className === 'Sequential' || className === 'Functional' || className === 'Model') {
    throw new ConvlensError('model-nested', `${fileName}: layer ${name} is a whole model inside the model (a nested ${className}); convlens reads models of plain layers: save the inner model's layers in one model.`);
  }
  return { name, className, config, inputs };
}

function sequentialEntries(inner: unknown, fileName: string): LayerEntry[] {
  const layers = layerList(inner);
  if (layers.length === 0) throw new ConvlensError('model-topology', `${fileName}: the model has no layers.`);
  const entries: LayerEntry[] = [];
  const first = layers[0];
  if (first.class_name !== 'InputLayer') {
    const config = (first.config ?? {}) as JsonObject;
    const shape = config.batch_input_shape ?? config.batch_shape;
    if (!Array.isArray(shape)) throw new ConvlensError('model-input', `${fileName}: the first layer has no input shape, so the image size is unknown.`);
    entries.push({ name: `${String(config.name ?? 'layer')}_input`, className: 'InputLayer', config: { batch_input_shape: shape }, inputs: [] });
  }
  for (const layer of layers) {
    const previous = entries.at(-1);
    entries.push(entryOf(layer, previous ? [previous.name] : [], fileName));
  }
  return entries;
}

function functionalEntries(inner: unknown, fileName: string): LayerEntry[] {
  return layerList(inner).map((layer) => {
    const nodes = Array.isArray(layer.inbound_nodes) ? (layer.inbound_nodes as unknown[][]) : [];
    const name = String((isObject(layer.config) && layer.config.name) ?? layer.name);
    if (nodes.length > 1) throw new ConvlensError('layer-shared', `Layer ${name} is used more than once (a shared layer); convlens cannot draw it.`);
    const inputs = (nodes[0] ?? []).map((ref) => {
      const [from, node, tensor] = ref as [string, number, number];
      if (node !== 0 || tensor !== 0) throw new ConvlensError('layer-shared', `Layer ${name} reads a second use or output of layer ${from}; convlens cannot draw shared layers.`);
      return String(from);
    });
    return entryOf(layer, inputs, fileName);
  });
}

function functionalOutput(inner: JsonObject, fileName: string): string {
  const outputs = inner.output_layers as unknown[][] | undefined;
  const first = Array.isArray(outputs) ? outputs[0] : undefined;
  if (!Array.isArray(first)) throw new ConvlensError('model-topology', `${fileName}: the model names no output layer.`);
  return String(first[0]);
}

/** Layers after their inputs, keeping the file's order where it is already right. */
function sortTopologically(entries: LayerEntry[], fileName: string): LayerEntry[] {
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  const done = new Set<string>();
  const sorted: LayerEntry[] = [];
  const visit = (entry: LayerEntry, path: Set<string>) => {
    if (done.has(entry.name)) return;
    if (path.has(entry.name)) throw new ConvlensError('model-topology', `${fileName}: the model cannot be built: layer ${entry.name} depends on itself.`);
    path.add(entry.name);
    for (const input of entry.inputs) {
      const from = byName.get(input);
      if (!from) throw new ConvlensError('model-topology', `${fileName}: the model cannot be built: layer ${entry.name} reads ${input}, which is not in the model.`);
      visit(from, path);
    }
    path.delete(entry.name);
    done.add(entry.name);
    sorted.push(entry);
  };
  entries.forEach((entry) => visit(entry, new Set()));
  return sorted;
}

/**
 * One input of (height, width, 1 or 3 channels); a (height, width) input that is only
 * reshaped or flattened (MNIST models) is fed as (height, width, 1). Checked before any
 * layer, so a model that is not for images is refused for its input, not its weights.
 */
function checkImageInput(entries: LayerEntry[], fileName: string): void {
  const inputs = entries.filter((entry) => entry.className === 'InputLayer');
  const given = inputs[0]?.config.batch_input_shape ?? inputs[0]?.config.batch_shape;
  const shape = (Array.isArray(given) ? given.slice(1) : []) as (number | null)[];
  const refuse = () =>
    new ConvlensError('model-input', `${fileName} takes input of shape [None,${shape.map((d) => d ?? 'None')}]; convlens needs one image input (height, width, 1 or 3 channels).`);
  if (inputs.length !== 1) throw refuse();
  const input = inputs[0];
  const consumers = entries.filter((entry) => entry.inputs.includes(input.name));
  const reshapedOnly = consumers.length > 0 && consumers.every((entry) => entry.className === 'Reshape' || entry.className === 'Flatten');
  const positive = (d: number | null) => typeof d === 'number' && d > 0;
  if (shape.length === 2 && shape.every(positive) && reshapedOnly) {
    input.config = { ...input.config, batch_input_shape: [null, ...shape, 1] };
    return;
  }
  if (shape.length !== 3 || !positive(shape[0]) || !positive(shape[1]) || (shape[2] !== 1 && shape[2] !== 3)) throw refuse();
}

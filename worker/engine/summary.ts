/** The Keras-style model summary: one row per layer, parameter totals, default layers. */
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { LayerGeometry, ModelSummary, SummaryRow } from '../contract';
import type { LoadedModel } from './load-model';

type Layer = LayersModel['layers'][number];

/** Layer types whose 4-D output only repeats their input; not drawn by default. */
const PASS_THROUGH = new Set(['InputLayer', 'Reshape', 'Dropout', 'ZeroPadding2D', 'Rescaling', 'SpatialDropout2D']);

/** Builds the summary rows as Keras' `model.summary()` prints them. */
export function summarize(loaded: LoadedModel): ModelSummary {
  const { model } = loaded;
  const rows = model.layers.filter((layer) => !isHiddenInput(model, layer)).map(toRow);
  const count = (weights: Layer['weights']) => weights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
  const trainableParams = model.layers.reduce((sum, layer) => sum + count(layer.trainableWeights), 0);
  const nonTrainableParams = model.layers.reduce((sum, layer) => sum + count(layer.nonTrainableWeights), 0);
  return {
    modelName: model.name,
    rows,
    totalParams: trainableParams + nonTrainableParams,
    trainableParams,
    nonTrainableParams,
    weightBytes: loaded.weights.totalBytes,
    inputShape: loaded.inputShape,
    defaultLayers: rows.filter((row) => row.drawable && !PASS_THROUGH.has(row.type)).map((row) => row.name),
    metadata: loaded.metadata,
  };
}

function toRow(layer: Layer): SummaryRow {
  const shape = layer.outputShape;
  // Multi-output layers are not drawn; show their first output's shape.
  const outputShape = (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
  return {
    name: layer.name,
    type: layer.getClassName(),
    outputShape,
    params: layer.countParams(),
    drawable: outputShape.length === 4 && layer.getClassName() !== 'InputLayer',
    geometry: geometryOf(layer),
  };
}

/** Kernel, stride, dilation and padding of conv and pooling layers; undefined for others. */
function geometryOf(layer: Layer): LayerGeometry | undefined {
  const config = layer.getConfig() as Record<string, unknown>;
  const kernel = config.kernelSize ?? config.poolSize;
  if (kernel === undefined) return undefined;
  const pair = (value: unknown, fallback: number): [number, number] => {
    if (Array.isArray(value)) return [Number(value[0]), Number(value[1] ?? value[0])];
    return typeof value === 'number' ? [value, value] : [fallback, fallback];
  };
  const size = pair(kernel, 1);
  return {
    kernel: size,
    // Keras pooling defaults its stride to the pool size.
    stride: pair(config.strides, config.poolSize !== undefined ? size[0] : 1),
    dilation: pair(config.dilationRate, 1),
    padding: config.padding === 'same' ? 'same' : 'valid',
  };
}

/** Keras hides the input layer of a Sequential model in its summary; so do we. */
function isHiddenInput(model: LayersModel, layer: Layer): boolean {
  return layer.getClassName() === 'InputLayer' && model.getClassName() === 'Sequential';
}

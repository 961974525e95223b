/**
 * The ONNX reader's entry point: a whole .onnx file (and its external data files) -> the
 * engine's model graph and its weights in the engine's layout. Loaded by dynamic import
 * only when an ONNX file arrives, so neither it nor the protobuf library is on the default
 * path.
 */
import type { ModelGraph } from '../../engine/graph';
import { baseName, type NamedBytes } from '../tfjs-model';
import { decodeOnnx } from './decode';
import { translate, type TranslateOptions } from './translate';

export { SUPPORTED_OPERATORS } from './translate';

export interface OnnxRead {
  graph: ModelGraph;
  /** Weight key (WeightRef.key) -> values in the engine layout, with WeightRef.shape. */
  weights: Map<string, Float32Array>;
  /** "ONNX model (opset 13, pytorch 1.13.0)". */
  description: string;
  dynamicInput: boolean;
}

/** Reads `file`; `others` may hold its external data files (matched by base name). */
export function readOnnxModel(file: NamedBytes, others: NamedBytes[] = [], options: TranslateOptions = {}): OnnxRead {
  const externalFile = (location: string) => others.find((other) => other.name === baseName(location))?.bytes;
  const model = decodeOnnx(file.bytes, file.name, externalFile);
  const { graph, weights, dynamicInput } = translate(model, file.name, options);
  const by = model.producer ? `, ${model.producer}` : '';
  return { graph, weights, description: `ONNX model (opset ${model.opset}${by})`, dynamicInput };
}

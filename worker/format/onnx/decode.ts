/**
 * ONNX protobuf -> plain objects. The bytes are decoded by @bufbuild/protobuf with the
 * generated ONNX schema of `onnx-buf` (never by hand); this module only picks the fields the
 * reader needs and turns tensors into ConstTensor. Initialisers may live in external data
 * files (`location` beside the .onnx), looked up through `externalFile`.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorProto_DataLocation, type AttributeProto, type TensorProto } from 'onnx-buf';
import { float16BitsToNumber } from '../float16';
import { ModelFormatError } from '../errors';
import { constant, sizeOf, type ConstTensor } from './tensor';

export interface OnnxAttribute {
  name: string;
  f?: number;
  i?: number;
  s?: string;
  t?: ConstTensor;
  floats?: number[];
  ints?: number[];
}

export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, OnnxAttribute>;
}

/** A graph input: dims are numbers, or null where the graph leaves them dynamic. */
export interface OnnxValueInfo {
  name: string;
  dims: (number | null)[] | null;
}

export interface OnnxModel {
  producer: string;
  /** The default-domain opset. */
  opset: number;
  graphName: string;
  nodes: OnnxNode[];
  initializers: Map<string, ConstTensor>;
  inputs: OnnxValueInfo[];
  outputs: string[];
}

/** Finds an external data file by the `location` a tensor names. */
export type ExternalFile = (location: string) => Uint8Array | undefined;

/** Decodes a whole .onnx file; throws ModelFormatError when it is not a ModelProto with a graph. */
export function decodeOnnx(bytes: Uint8Array, fileName: string, externalFile: ExternalFile): OnnxModel {
  let proto;
  try {
    proto = fromBinary(ModelProtoSchema, bytes);
  } catch (error) {
    throw new ModelFormatError(`${fileName} starts like an ONNX model but cannot be decoded (damaged or cut short?): ${(error as Error).message}`, 'model-not-a-model');
  }
  const graph = proto.graph;
  if (!graph || graph.node.length === 0) throw new ModelFormatError(`${fileName} is an ONNX file without a graph of nodes.`, 'model-not-a-model');
  const opset = proto.opsetImport.find((entry) => entry.domain === '' || entry.domain === 'ai.onnx')?.version;
  const tensor = (t: TensorProto) => toConstTensor(t, fileName, externalFile);
  const initializers = new Map(graph.initializer.map((t) => [t.name, tensor(t)] as const));
  return {
    producer: [proto.producerName, proto.producerVersion].filter(Boolean).join(' '),
    opset: opset === undefined ? 1 : Number(opset),
    graphName: graph.name,
    nodes: graph.node.map((node) => ({
      name: node.name,
      opType: node.opType,
      domain: node.domain,
      inputs: node.input,
      outputs: node.output,
      attributes: new Map(node.attribute.map((a) => [a.name, toAttribute(a, tensor)] as const)),
    })),
    initializers,
    inputs: graph.input.filter((input) => !initializers.has(input.name)).map((input) => ({ name: input.name, dims: dimsOf(input.type) })),
    outputs: graph.output.map((output) => output.name),
  };
}

function dimsOf(type: { value: { case?: string; value?: unknown } } | undefined): (number | null)[] | null {
  if (type?.value.case !== 'tensorType') return null;
  const shape = (type.value.value as { shape?: { dim: { value: { case?: string; value?: unknown } }[] } }).shape;
  if (!shape) return null;
  return shape.dim.map((dim) => (dim.value.case === 'dimValue' && Number(dim.value.value) > 0 ? Number(dim.value.value) : null));
}

function toAttribute(a: AttributeProto, tensor: (t: TensorProto) => ConstTensor): OnnxAttribute {
  const result: OnnxAttribute = { name: a.name };
  // AttributeType: FLOAT 1, INT 2, STRING 3, TENSOR 4, FLOATS 6, INTS 7; old files leave `type` unset.
  if (a.type === 1 || (a.type === 0 && a.f !== 0)) result.f = a.f;
  if (a.type === 2 || (a.type === 0 && a.i !== 0n)) result.i = Number(a.i);
  if (a.type === 3 || (a.type === 0 && a.s.length > 0)) result.s = new TextDecoder().decode(a.s);
  if (a.t) result.t = tensor(a.t);
  if (a.type === 6 || a.floats.length > 0) result.floats = [...a.floats];
  if (a.type === 7 || a.ints.length > 0) result.ints = a.ints.map(Number);
  return result;
}

const FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5, INT32 = 6, INT64 = 7, BOOL = 9, FLOAT16 = 10, DOUBLE = 11;
const TYPE_NAMES: Record<number, string> = { 8: 'string', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128', 16: 'bfloat16' };

/** A TensorProto's values (typed fields, raw_data or external data) as a ConstTensor. */
export function toConstTensor(t: TensorProto, fileName: string, externalFile: ExternalFile): ConstTensor {
  const dims = t.dims.map(Number);
  const count = sizeOf(dims);
  const raw = t.dataLocation === TensorProto_DataLocation.EXTERNAL ? externalBytes(t, fileName, externalFile) : t.rawData;
  const kind = t.dataType === FLOAT || t.dataType === FLOAT16 || t.dataType === DOUBLE ? 'float' : 'int';
  const values = raw.length > 0 ? fromRaw(raw, t.dataType, count, t.name, fileName) : fromFields(t);
  if (values.length !== count) {
    throw new ModelFormatError(`${fileName}: tensor ${t.name || '(unnamed)'} holds ${values.length} values, its shape [${dims}] needs ${count}.`, 'model-weights-missing');
  }
  return constant(dims, values, kind);
}

function fromFields(t: TensorProto): ArrayLike<number> {
  switch (t.dataType) {
    case FLOAT: return t.floatData;
    case DOUBLE: return t.doubleData;
    case INT64: return t.int64Data.map(Number);
    case FLOAT16: return t.int32Data.map(float16BitsToNumber);
    default: return t.int32Data;
  }
}

function fromRaw(raw: Uint8Array, dataType: number, count: number, name: string, fileName: string): ArrayLike<number> {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const width: Record<number, number> = { [FLOAT]: 4, [UINT8]: 1, [INT8]: 1, [UINT16]: 2, [INT16]: 2, [INT32]: 4, [INT64]: 8, [BOOL]: 1, [FLOAT16]: 2, [DOUBLE]: 8 };
  const bytes = width[dataType];
  if (bytes === undefined) {
    throw new ModelFormatError(`${fileName}: tensor ${name} has element type ${TYPE_NAMES[dataType] ?? dataType}; convlens reads float and integer tensors.`, 'model-unsupported-setting');
  }
  const n = Math.min(count, Math.floor(raw.length / bytes));
  // float32 little-endian, as ONNX stores it and every platform convlens runs on: one copy.
  if (dataType === FLOAT) return new Float32Array(Uint8Array.prototype.slice.call(raw, 0, n * 4).buffer);
  const read: (offset: number) => number = {
    [FLOAT]: (o: number) => view.getFloat32(o, true),
    [UINT8]: (o: number) => view.getUint8(o),
    [INT8]: (o: number) => view.getInt8(o),
    [UINT16]: (o: number) => view.getUint16(o, true),
    [INT16]: (o: number) => view.getInt16(o, true),
    [INT32]: (o: number) => view.getInt32(o, true),
    [INT64]: (o: number) => Number(view.getBigInt64(o, true)),
    [BOOL]: (o: number) => view.getUint8(o),
    [FLOAT16]: (o: number) => float16BitsToNumber(view.getUint16(o, true)),
    [DOUBLE]: (o: number) => view.getFloat64(o, true),
  }[dataType]!;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = read(i * bytes);
  return out;
}

function externalBytes(t: TensorProto, fileName: string, externalFile: ExternalFile): Uint8Array {
  const info = new Map(t.externalData.map((entry) => [entry.key, entry.value]));
  const location = info.get('location') ?? '';
  const file = externalFile(location);
  if (!file) {
    throw new ModelFormatError(
      `${fileName} keeps tensor ${t.name} in the external file "${location}", which was not given: drop ${fileName} and ${location} together.`,
      'model-weights-missing',
    );
  }
  const offset = Number(info.get('offset') ?? 0);
  const length = info.has('length') ? Number(info.get('length')) : file.length - offset;
  if (offset + length > file.length) {
    throw new ModelFormatError(`${location} is ${file.length} bytes; tensor ${t.name} needs bytes ${offset}–${offset + length}.`, 'model-weights-missing');
  }
  return file.subarray(offset, offset + length);
}

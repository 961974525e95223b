/**
 * Small ONNX models written in the tests with the same protobuf schema the reader decodes
 * (onnx-buf, @bufbuild/protobuf): for constant folding, refusals, external data and an
 * unsupported operator in the browser, where no fixture file has what the test needs.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType as AttributeType, ModelProtoSchema, TensorProtoSchema, TensorProto_DataLocation, type AttributeProto, type NodeProto, type TensorProto,
} from 'onnx-buf';

export type Attribute = number | number[] | string | { tensor: TensorProto } | { float: number };

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  attributes?: Record<string, Attribute>;
  domain?: string;
}

export interface ModelSpec {
  opset?: number;
  /** Graph inputs: name and dims (null for a dynamic axis). */
  inputs: { name: string; dims: (number | null)[] }[];
  output: string;
  nodes: NodeSpec[];
  initializers?: TensorProto[];
}

/** A float32 tensor (raw_data) or int64 tensor (int64_data). */
export function tensor(name: string, dims: number[], values: ArrayLike<number>, kind: 'float' | 'int64' = 'float'): TensorProto {
  if (kind === 'int64') return create(TensorProtoSchema, { name, dims: dims.map(BigInt), dataType: 7, int64Data: Array.from(values, BigInt) });
  const raw = new Uint8Array(Float32Array.from(values).buffer);
  return create(TensorProtoSchema, { name, dims: dims.map(BigInt), dataType: 1, rawData: raw });
}

/** A float32 tensor whose values live in an external file at `offset`. */
export function externalTensor(name: string, dims: number[], location: string, offset: number, length: number): TensorProto {
  return create(TensorProtoSchema, {
    name, dims: dims.map(BigInt), dataType: 1, dataLocation: TensorProto_DataLocation.EXTERNAL,
    externalData: [{ key: 'location', value: location }, { key: 'offset', value: String(offset) }, { key: 'length', value: String(length) }],
  });
}

function attribute(name: string, value: Attribute): Partial<AttributeProto> {
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'number') return { name, type: AttributeType.INT, i: BigInt(value) };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value.map(BigInt) };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.TENSOR, t: value.tensor };
}

function node(spec: NodeSpec, i: number): Partial<NodeProto> {
  const attributes = Object.entries(spec.attributes ?? {}).map(([name, value]) => attribute(name, value));
  return { opType: spec.op, name: spec.name ?? `/${spec.op}_${i}`, input: spec.inputs, output: spec.outputs, attribute: attributes as AttributeProto[], domain: spec.domain ?? '' };
}

function valueInfo(name: string, dims: (number | null)[]) {
  const dim = dims.map((d) => ({ value: d === null ? { case: 'dimParam' as const, value: 'N' } : { case: 'dimValue' as const, value: BigInt(d) } }));
  return { name, type: { value: { case: 'tensorType' as const, value: { elemType: 1, shape: { dim } } } } };
}

/** The bytes of a .onnx file for `spec` (producer "convlens-test"). */
export function onnxBytes(spec: ModelSpec): Uint8Array {
  const model = create(ModelProtoSchema, {
    irVersion: 8n,
    producerName: 'convlens-test',
    opsetImport: [{ domain: '', version: BigInt(spec.opset ?? 13) }],
    graph: {
      name: 'test',
      node: spec.nodes.map(node) as NodeProto[],
      initializer: spec.initializers ?? [],
      input: spec.inputs.map((input) => valueInfo(input.name, input.dims)),
      output: [valueInfo(spec.output, [])],
    },
  } as never);
  return toBinary(ModelProtoSchema, model);
}

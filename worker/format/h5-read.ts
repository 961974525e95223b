/**
 * Small helpers over an opened h5wasm file: typed lookups, string and name-list attributes
 * as h5py writes them, float datasets as Float32Array. Type-only h5wasm import: the caller
 * opens the file (worker/files/h5.ts), so this module adds nothing to a bundle.
 */
import type { Dataset, File as H5File, Group } from 'h5wasm';
import { ModelFormatError } from './errors';

/** Opens `bytes` as HDF5, calls `read` with the open file, closes it (also on error). */
export type WithH5 = <T>(bytes: Uint8Array, name: string, read: (file: H5File) => T) => Promise<T>;

const H5T_INTEGER = 0;
const H5T_FLOAT = 1;

export function isGroup(entity: unknown): entity is Group {
  return typeof entity === 'object' && entity !== null && (entity as Group).type === 'Group';
}

export function isDataset(entity: unknown): entity is Dataset {
  return typeof entity === 'object' && entity !== null && (entity as Dataset).type === 'Dataset';
}

/** `node.get(path)` when it is a group, else null (h5wasm returns null for a missing path). */
export function getGroup(node: Group, path: string): Group | null {
  const entity = node.get(path);
  return isGroup(entity) ? entity : null;
}

/** A string attribute, decoding bytes (h5py may store them as fixed-length byte strings). */
export function readStringAttr(node: H5File | Group, name: string): string | null {
  const attr = node.attrs[name];
  if (attr === undefined) return null;
  const value = attr.value;
  if (Array.isArray(value) && value.length === 1) return decode(value[0]);
  return decode(value);
}

/** A list-of-names attribute; h5py writes an empty list as an empty float64 array. */
export function readNameList(node: Group, name: string): string[] | null {
  const attr = node.attrs[name];
  if (attr === undefined) return null;
  const value = attr.value;
  if (ArrayBuffer.isView(value) && (value as ArrayLike<unknown>).length === 0) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    const text = decode(item);
    if (text === null) throw new ModelFormatError(`attribute ${name} of ${node.path} is not a list of names`);
    return text;
  });
}

/**
 * A float32 or float64 dataset as Float32Array (float64 narrows with round-to-nearest-even)
 * and its shape. `what` names it in messages, e.g. "weight conv2d/kernel:0 of layer conv2d".
 */
export function readFloatDataset(dataset: Dataset, what: string, fileName: string): { shape: number[]; data: Float32Array } {
  const { type, size } = dataset.metadata;
  if (type !== H5T_FLOAT || (size !== 4 && size !== 8)) {
    throw new ModelFormatError(`${fileName}: ${what} is ${describeType(dataset)}; only float32 and float64 weights can be converted`);
  }
  let value: unknown;
  try {
    value = dataset.value;
  } catch (error) {
    throw new ModelFormatError(`${fileName}: ${what} cannot be read: the file is damaged or cut short (${(error as Error)?.message ?? error})`, 'model-h5-damaged');
  }
  const raw = typeof value === 'number' ? Float64Array.of(value) : value;
  if (!(raw instanceof Float32Array || raw instanceof Float64Array)) {
    throw new ModelFormatError(`${fileName}: ${what} could not be read as numbers`);
  }
  // h5wasm returns a little-endian copy.
  return { shape: [...(dataset.shape ?? [])], data: raw instanceof Float32Array ? raw : Float32Array.from(raw) };
}

function describeType(dataset: Dataset): string {
  const { type, size, signed } = dataset.metadata;
  if (type === H5T_FLOAT) return `float${size * 8}`;
  if (type === H5T_INTEGER) return `${signed ? 'int' : 'uint'}${size * 8}`;
  return `of HDF5 type class ${type}`;
}

function decode(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return null;
}

/**
 * Recognises a model file from its content, never from its name: HDF5 (Keras .h5), zip
 * (Keras .keras), ONNX (a protobuf ModelProto) or JSON (tfjs model.json, Keras topology).
 * Pure; no node: imports.
 */
import { sniffImage } from '../image/sniff';

export type ModelFileKind = 'hdf5' | 'zip' | 'onnx' | 'json' | 'unknown';

/** HDF5 files start with this signature at offset 0, 512, 1024, 2048, ... (a user block may precede it). */
const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
/** A local file header, what every non-empty zip archive starts with. */
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/** The kind of model file `bytes` (the whole file) holds. */
export function sniffModelFile(bytes: Uint8Array): ModelFileKind {
  if (isHdf5(bytes)) return 'hdf5';
  if (startsWith(bytes, ZIP_SIGNATURE, 0)) return 'zip';
  if (looksLikeJson(bytes)) return 'json';
  if (looksLikeOnnx(bytes)) return 'onnx';
  return 'unknown';
}

/**
 * ONNX has no magic number. Every exporter writes ModelProto's ir_version (field 1, a
 * varint, 3 to 15 so far) first, then one of the fields that follow it in the schema
 * (producer_name 2, producer_version 3, domain 4, model_version 5, doc_string 6, graph 7,
 * opset_import 8, metadata_props 14) with its wire type. Only these two tags are looked at
 * here; the reader decodes the whole message with the protobuf library.
 */
function looksLikeOnnx(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0x08 || bytes[1] < 1 || bytes[1] > 15) return false;
  return [0x12, 0x1a, 0x22, 0x28, 0x32, 0x3a, 0x42, 0x72].includes(bytes[2]);
}

/** True when the HDF5 signature sits at offset 0 or at a power of two from 512 on. */
export function isHdf5(bytes: Uint8Array): boolean {
  for (let offset = 0; offset + 8 <= bytes.length; offset = offset === 0 ? 512 : offset * 2) {
    if (startsWith(bytes, HDF5_SIGNATURE, offset)) return true;
  }
  return false;
}

/**
 * First non-blank character (after an optional UTF-8 byte order mark) opens an object or
 * array, and the start holds no control bytes: a weight shard may well start with `{`.
 */
function looksLikeJson(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && isBlank(bytes[i])) i++;
  if (bytes[i] !== 0x7b && bytes[i] !== 0x5b) return false;
  const head = bytes.subarray(0, 4096);
  return head.every((byte) => byte >= 0x20 || isBlank(byte));
}

function isBlank(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** What a file that is no model looks like, for refusals: "plain text", "a PNG image", ... */
export function describeContent(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'empty';
  const { format } = sniffImage(bytes.subarray(0, 65536));
  if (format === 'text') return 'plain text';
  if (format === 'svg') return 'an SVG image';
  if (format !== 'unknown') return `a ${format.toUpperCase()} image`;
  const head = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `binary data starting with bytes ${head}`;
}

function startsWith(bytes: Uint8Array, signature: number[], offset: number): boolean {
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

/**
 * A small zip reader for Keras .keras archives: the central directory says where each entry
 * is; entries are stored or deflated, and deflate goes through the platform's own
 * `DecompressionStream('deflate-raw')` (browsers, workers and Node >= 20), so no zip library
 * is bundled. Every entry's CRC-32 is checked. Zip64 and encrypted entries are refused.
 */
import { ModelFormatError } from './errors';

/** One entry of the central directory. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  /** Offset of the entry's local file header. */
  headerOffset: number;
}

/** An opened archive: its entries by name, and a way to read one. */
export interface ZipArchive {
  entries: Map<string, ZipEntry>;
  read(name: string): Promise<Uint8Array>;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** The end record is 22 bytes plus a comment of at most 65535. */
const MAX_END_SEARCH = 22 + 0xffff;

/** Reads the central directory of `bytes` (the whole archive); `fileName` is for messages. */
export function openZip(bytes: Uint8Array, fileName: string): ZipArchive {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndRecord(view, fileName);
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw zip64(fileName);
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL_HEADER) {
      throw new ModelFormatError(`${fileName} is a damaged zip archive: its central directory is cut short`, 'model-zip');
    }
    const nameLength = view.getUint16(offset + 28, true);
    const entry: ZipEntry = {
      name: new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
      method: view.getUint16(offset + 10, true),
      crc32: view.getUint32(offset + 16, true),
      compressedSize: view.getUint32(offset + 20, true),
      size: view.getUint32(offset + 24, true),
      headerOffset: view.getUint32(offset + 42, true),
    };
    if ((view.getUint16(offset + 8, true) & 1) !== 0) {
      throw new ModelFormatError(`${fileName}: ${entry.name} is encrypted; convlens reads only unencrypted archives`, 'model-zip');
    }
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff || entry.headerOffset === 0xffffffff) throw zip64(fileName);
    entries.set(entry.name, entry);
    offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return { entries, read: (name) => readEntry(bytes, view, entries.get(name), name, fileName) };
}

function findEndRecord(view: DataView, fileName: string): number {
  const stop = Math.max(0, view.byteLength - MAX_END_SEARCH);
  for (let offset = view.byteLength - 22; offset >= stop; offset--) {
    if (view.getUint32(offset, true) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  throw new ModelFormatError(`${fileName} is a damaged zip archive: it has no central directory (was the download cut short?)`, 'model-zip');
}

async function readEntry(bytes: Uint8Array, view: DataView, entry: ZipEntry | undefined, name: string, fileName: string): Promise<Uint8Array> {
  if (!entry) throw new ModelFormatError(`${fileName} has no ${name}`, 'model-zip');
  const at = entry.headerOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_HEADER) {
    throw new ModelFormatError(`${fileName} is a damaged zip archive: ${name} is not where the directory says`, 'model-zip');
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const raw = bytes.subarray(start, start + entry.compressedSize);
  if (raw.length !== entry.compressedSize) throw new ModelFormatError(`${fileName} is cut short inside ${name}`, 'model-zip');
  let data: Uint8Array;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) data = await inflateRaw(raw, fileName, name);
  else throw new ModelFormatError(`${fileName}: ${name} uses zip compression method ${entry.method}; convlens reads stored and deflated entries`, 'model-zip');
  if (data.length !== entry.size || crc32(data) !== entry.crc32) {
    throw new ModelFormatError(`${fileName} is a damaged zip archive: ${name} fails its checksum`, 'model-zip');
  }
  return data;
}

async function inflateRaw(raw: Uint8Array, fileName: string, name: string): Promise<Uint8Array> {
  try {
    const stream = new Blob([raw as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    throw new ModelFormatError(`${fileName} is a damaged zip archive: ${name} does not inflate`, 'model-zip');
  }
}

function zip64(fileName: string): ModelFormatError {
  return new ModelFormatError(`${fileName} is a zip64 archive (over 4 GB or 65535 entries), which convlens does not read`, 'model-zip');
}

let CRC_TABLE: Uint32Array | null = null;

/** CRC-32 (IEEE 802.3, as zip uses it) of `data`. */
export function crc32(data: Uint8Array): number {
  CRC_TABLE ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

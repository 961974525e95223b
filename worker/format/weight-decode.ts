/**
 * One weights-manifest entry decoded to float32: plain float32, float16, or uint8/uint16
 * affine-quantised (value = q * scale + min), as the tfjs converter writes them. Used by the
 * engine's weight store (so the worker needs none of tfjs' io module) and the converter.
 */
import { ModelFormatError } from './errors';
import { float16BitsToNumber } from './float16';

export interface ManifestEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype?: string; scale?: number; min?: number };
}

/** The entry at `offset` of `bytes`, and how many bytes it took. */
export function decodeEntry(entry: ManifestEntry, bytes: Uint8Array, offset: number, fileName: string): { data: Float32Array; size: number } {
  const count = entry.shape.reduce((a, b) => a * b, 1);
  const stored = entry.quantization?.dtype ?? entry.dtype;
  const width = stored === 'uint8' ? 1 : stored === 'uint16' || stored === 'float16' ? 2 : 4;
  if (entry.dtype !== 'float32' || !['float32', 'float16', 'uint8', 'uint16'].includes(stored)) {
    throw new ModelFormatError(`${fileName}: weight ${entry.name} is stored as ${stored}; convlens converts float32, float16, uint8 and uint16 weights`, 'weights-dtype');
  }
  if (offset + count * width > bytes.length) {
    throw new ModelFormatError(`${fileName}: the weight files end before weight ${entry.name}`, 'weights-length');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * width);
  const data = new Float32Array(count);
  if (stored === 'float32' && (bytes.byteOffset + offset) % 4 === 0) {
    data.set(new Float32Array(bytes.buffer, bytes.byteOffset + offset, count));
    return { data, size: count * width };
  }
  const { scale = 1, min = 0 } = entry.quantization ?? {};
  for (let i = 0; i < count; i++) {
    if (stored === 'float32') data[i] = view.getFloat32(i * 4, true);
    else if (stored === 'float16') data[i] = float16BitsToNumber(view.getUint16(i * 2, true));
    else data[i] = (stored === 'uint8' ? view.getUint8(i) : view.getUint16(i * 2, true)) * scale + min;
  }
  return { data, size: count * width };
}

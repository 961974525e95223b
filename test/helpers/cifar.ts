/** Reads CIFAR-10 binary records: 1 label byte, then 1024 R, 1024 G, 1024 B bytes (32×32 row-major). */
import { readFileSync } from 'node:fs';

export const RECORD_BYTES = 1 + 3072;

export interface CifarImage {
  label: number;
  /** 32×32×3 HWC, values 0–255. */
  hwc: Uint8Array;
}

export function readCifar(path: string, limit = Infinity): CifarImage[] {
  const bytes = readFileSync(path);
  const count = Math.min(limit, Math.floor(bytes.length / RECORD_BYTES));
  const images: CifarImage[] = [];
  for (let i = 0; i < count; i++) {
    const record = bytes.subarray(i * RECORD_BYTES, (i + 1) * RECORD_BYTES);
    const hwc = new Uint8Array(3072);
    for (let p = 0; p < 1024; p++) {
      for (let c = 0; c < 3; c++) hwc[p * 3 + c] = record[1 + c * 1024 + p];
    }
    images.push({ label: record[0], hwc });
  }
  return images;
}

/** HWC bytes → float32 scaled by `scale` (1/255 for the default model). */
export function toFloat(hwc: Uint8Array, scale: number): Float32Array {
  return Float32Array.from(hwc, (v) => v * scale);
}

/**
 * One image in a widget's session: what was asked for, what arrived, and who waits for it.
 * A run of a newer image makes an older one's runs end with an AbortError, which is not shown.
 */
import type { InputPreview, Prediction } from '../../worker/contract';

export interface Completion {
  ms: number;
  prediction: Prediction | null;
}

/** An error named AbortError, as the worker throws for superseded runs. */
export function abortError(message = 'superseded by a newer image'): Error {
  const error = new Error(message);
  error.name = 'AbortError';
  return error;
}

export function isAbortError(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'AbortError';
}

export interface Generation {
  source: string | Blob;
  /** After the first preview: the model-size pixels as a bitmap, cheaper to decode again. */
  reuse: Promise<ImageBitmap | null> | null;
  /** The worker has read the image (its preview arrived). */
  committed: boolean;
  started: number;
  received: Set<string>;
  prediction: Prediction | null;
  wantPrediction: boolean;
  wanted: Set<string>;
  inflight: { id: number; layers: Set<string>; prediction: boolean } | null;
  /** Runs started for this image. */
  runs: number;
  failed: boolean;
  complete: boolean;
  waiters: { resolve(c: Completion): void; reject(e: Error): void }[];
  /** Called after each received layer (runs waiting for their late callbacks). */
  arrivals: Set<() => void>;
}

/** A fresh generation for `source`: nothing asked for, nothing arrived. */
export function newGeneration(source: string | Blob): Generation {
  return {
    source, reuse: null, committed: false, started: performance.now(), received: new Set(), prediction: null,
    wantPrediction: false, wanted: new Set(), inflight: null, runs: 0, failed: false, complete: false, waiters: [], arrivals: new Set(),
  };
}

/**
 * The preview is the model-size image exactly as the network reads it, so later runs of
 * the same image can send it instead of re-decoding a large photo. Only opaque previews:
 * a canvas would change the colour of transparent pixels.
 */
export async function reusableBitmap(preview: InputPreview): Promise<ImageBitmap | null> {
  if (typeof createImageBitmap !== 'function' || typeof ImageData === 'undefined') return null;
  for (let i = 3; i < preview.rgba.length; i += 4) if (preview.rgba[i] !== 255) return null;
  const pixels = new ImageData(new Uint8ClampedArray(preview.rgba), preview.width, preview.height);
  try {
    return await createImageBitmap(pixels, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch {
    return null;
  }
}

/**
 * One image in a widget's session: what was asked for, what arrived, and who waits for it;
 * what a new run of it must ask for, when the layers of a run have arrived, and when it is
 * complete. The session (session.ts) decides which generation is current and talks to the
 * worker; this is the bookkeeping of one image, which needs neither.
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
  /** The worker's `imageKey` for this image: its runs share one decode there. */
  key: string;
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

let generations = 0;

/** A fresh generation for `source`: nothing asked for, nothing arrived. */
export function newGeneration(source: string | Blob): Generation {
  return {
    source, key: String(++generations), reuse: null, committed: false, started: performance.now(), received: new Set(), prediction: null,
    wantPrediction: false, wanted: new Set(), inflight: null, runs: 0, failed: false, complete: false, waiters: [], arrivals: new Set(),
  };
}

/** What a new run of `g` asks for, or null when the run in flight covers it (or nothing is missing). */
export function nextRun(g: Generation): { layers: string[]; prediction: boolean } | null {
  const layers = [...g.wanted].filter((name) => !g.received.has(name));
  const prediction = g.wantPrediction && !g.prediction;
  const flight = g.inflight;
  const covered = flight && layers.every((name) => flight.layers.has(name)) && (!prediction || flight.prediction);
  // The first run of an image always goes, even for no layer: it brings the 32×32 preview.
  const started = g.runs > 0;
  if (covered || (layers.length === 0 && !prediction && started)) return null;
  return { layers, prediction };
}

/** Resolves when `g` is complete (at once if it already is); rejects if it fails or is superseded. */
export function whenComplete(g: Generation): Promise<Completion> {
  const done = new Promise<Completion>((resolve, reject) => g.waiters.push({ resolve, reject }));
  if (g.complete) g.waiters.shift()!.resolve({ ms: performance.now() - g.started, prediction: g.prediction });
  return done;
}

/** Marks `g` complete once every one of `selected` and the prediction are in: its completion, or null (not yet, or already). */
export function markComplete(g: Generation, selected: readonly string[]): Completion | null {
  const all = selected.every((name) => g.received.has(name)) && g.prediction !== null;
  if (!all || g.complete) return null;
  g.complete = true;
  return { ms: performance.now() - g.started, prediction: g.prediction };
}

export function resolveWaiters(g: Generation, completion: Completion): void {
  g.waiters.splice(0).forEach((w) => w.resolve(completion));
}

export function rejectWaiters(g: Generation | null, error: Error): void {
  g?.waiters.splice(0).forEach((w) => w.reject(error));
}

/** A layer arrived (or `g` ended): runs waiting for their late callbacks look again. */
export function notifyArrivals(g: Generation): void {
  g.arrivals.forEach((listener) => listener());
}

/** Resolves once every one of `layers` has arrived, or `gone()` (the image changed). */
export function whenArrived(g: Generation, layers: readonly string[], gone: () => boolean): Promise<void> {
  const done = () => gone() || layers.every((name) => g.received.has(name));
  if (done()) return Promise.resolve();
  return new Promise((resolve) => {
    const listener = () => {
      if (!done()) return;
      g.arrivals.delete(listener);
      resolve();
    };
    g.arrivals.add(listener);
  });
}

/** Ends `g` for its waiters: they reject as superseded; runs waiting for late callbacks stop waiting. */
export function settle(g: Generation | null): void {
  if (!g) return;
  g.inflight = null;
  g.waiters.splice(0).forEach((w) => w.reject(abortError()));
  notifyArrivals(g);
}

/** `g` is done with: nothing more runs for it, and its reusable bitmap is closed. */
export function close(g: Generation | null): void {
  if (!g) return;
  g.failed = true;
  void g.reuse?.then((bitmap) => bitmap?.close());
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

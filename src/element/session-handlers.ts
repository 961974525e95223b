/** What a session tells its widget (session.ts), and what photo B of a comparison brings back. */
import type { InputPreview, LayerResult, Prediction, Progress } from '../../worker/contract';

/** Photo B of a comparison: its layers, prediction and 32×32 preview. */
export interface OtherRun {
  layers: LayerResult[];
  prediction: Prediction | null;
  preview: InputPreview | null;
}

export interface SessionHandlers {
  onProgress(progress: Progress): void;
  /** The resized image of the current generation (once per image); the image is now committed. */
  onInput(preview: InputPreview): void;
  onLayer(result: LayerResult): void;
  onPrediction(prediction: Prediction): void;
  /** A run started for these layers (and the prediction, if `prediction`). */
  onRunStart(layers: string[], prediction: boolean): void;
  /** Every selected layer and the prediction of the current image are in. */
  onComplete(ms: number, prediction: Prediction | null): void;
  /** Everything wanted so far is in, but not every layer: the rest waits until it is wanted. */
  onSettled(): void;
  /** A run failed; `refused` when it was a new image the worker would not read (the previous one is back). */
  onError(error: Error, refused: boolean): void;
  /** Problems that did not stop the run (e.g. NaN weights), as the worker words them. */
  onWarnings(warnings: string[]): void;
  /**
   * The worker died or stalled; this session is finished. `retry` is true when it happened
   * while starting WASM threads, which a Content-Security-Policy can forbid: a new session
   * starts the backend without threads.
   */
  onWorkerLost(error: Error, retry: boolean): void;
}

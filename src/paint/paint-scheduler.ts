/**
 * Runs painting in small chunks, a few milliseconds per animation frame, so painting a
 * layer never blocks a frame for long. A job is a function that does one chunk and says
 * whether more is left; all of a page's widgets share one queue.
 */

/** Main-thread time, in milliseconds, that painting may take in one frame. */
export const FRAME_BUDGET_MS = 4;

/** Does one chunk of work; returns true while there is more to do. */
export type PaintStep = () => boolean;

export interface PaintJob {
  /** Stops the job before its next chunk (a newer result replaced it, or the widget left). */
  cancel(): void;
  /** Resolves when the job finished or was cancelled. */
  readonly finished: Promise<void>;
}

interface Queued {
  step: PaintStep;
  cancelled: boolean;
  resolve(): void;
}

const queue: Queued[] = [];
let scheduled = false;

function nextFrame(callback: () => void): void {
  if (typeof requestAnimationFrame === 'function' && document.visibilityState !== 'hidden') {
    requestAnimationFrame(() => callback());
  } else {
    setTimeout(callback, 0);
  }
}

function schedule(): void {
  if (scheduled || queue.length === 0) return;
  scheduled = true;
  nextFrame(runFrame);
}

function runFrame(): void {
  scheduled = false;
  const started = performance.now();
  while (queue.length > 0 && performance.now() - started < FRAME_BUDGET_MS) {
    const job = queue[0];
    let more = false;
    if (!job.cancelled) {
      try {
        more = job.step();
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
    if (!more || job.cancelled) {
      queue.shift();
      job.resolve();
    }
  }
  schedule();
}

/** Queues `step` to run chunk by chunk in later frames, after the jobs already queued. */
export function paintInChunks(step: PaintStep): PaintJob {
  let resolve!: () => void;
  const finished = new Promise<void>((r) => (resolve = r));
  const queued: Queued = { step, cancelled: false, resolve };
  queue.push(queued);
  schedule();
  return {
    cancel() {
      queued.cancelled = true;
    },
    finished,
  };
}

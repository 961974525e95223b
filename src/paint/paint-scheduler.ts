/**
 * Runs painting in small chunks, a few milliseconds per animation frame, so painting a
 * layer never blocks a frame for long. A job is a function that does one chunk and says
 * whether more is left; all of a page's widgets share one queue.
 */

/** Main-thread time, in milliseconds, that painting may take in one frame. */
export const FRAME_BUDGET_MS = 4;

/**
 * The budget while frames come late (the main thread starved: a slow phone, or a whole browser
 * held to a CPU quota). There a few ms of script stretch over the quota's pauses into a long
 * frame (¼ core, 2026-12-01: the paint callbacks were 35 of 44 convlens-dominated long frames,
 * 84 ms on average), so a frame then paints one short step and leaves the rest of it to the browser.
 */
export const STARVED_BUDGET_MS = 1;

/** Two frames further apart than this (two display frames at 60 Hz, and some) mean the device is not keeping up. */
export const LATE_FRAME_MS = 34;

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
/** When the last frame that painted began (null once the queue ran dry: the next gap means nothing). */
let lastFrame: number | null = null;
let starved = false;

/** The budget of a frame that began at `now`, from how late it came after the last one that painted. */
function budgetAt(now: number): number {
  if (lastFrame !== null) starved = now - lastFrame > LATE_FRAME_MS;
  lastFrame = now;
  return starved ? STARVED_BUDGET_MS : FRAME_BUDGET_MS;
}

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
  const budget = budgetAt(started);
  while (queue.length > 0 && performance.now() - started < budget) {
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
  if (queue.length === 0) lastFrame = null;
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

/**
 * One shared inference worker per page. Widgets acquire it and release it; the last
 * release terminates it. Comlink alone hangs when a worker dies, so the worker's `error`
 * and `messageerror` events reject every call still waiting.
 */
import { wrap, releaseProxy, type Remote } from 'comlink';
import type { WorkerApi } from '../worker/api';

export type WorkerRemote = Remote<WorkerApi>;

/** The page's worker, its Comlink proxy, how many widgets use it, and a promise that rejects when it dies. */
export interface Shared {
  worker: Worker;
  remote: WorkerRemote;
  users: number;
  /** Rejects when the worker dies; calls race against it. */
  died: Promise<never>;
}

let shared: Shared | null = null;

/** URL of the worker script: beside this module, wherever the page embeds it. */
export function workerUrl(): URL {
  return new URL('./worker.js', import.meta.url);
}

/** Starts (or reuses) the page's worker and counts one more user. */
export function acquireWorker(): Shared {
  if (!shared) shared = startWorker();
  shared.users++;
  return shared;
}

/** One user fewer; the last one terminates the worker. */
export function releaseWorker(): void {
  if (!shared) return;
  shared.users--;
  if (shared.users <= 0) terminateWorker();
}

/** Ends the worker now (it died, or nobody needs it); the next acquire starts a fresh one. */
export function terminateWorker(): void {
  if (!shared) return;
  shared.remote[releaseProxy]();
  shared.worker.terminate();
  shared = null;
}

/** How many workers this page has started and not terminated (0 or 1), for tests. */
export function liveWorkers(): number {
  return shared ? 1 : 0;
}

function startWorker(): Shared {
  const worker = new Worker(workerUrl(), { type: 'module', name: 'convlens' });
  const remote = wrap<WorkerApi>(worker);
  const died = new Promise<never>((_, reject) => {
    const fail = (message: string) => {
      const error = new Error(message);
      error.name = 'WorkerDied';
      reject(error);
    };
    worker.addEventListener('error', (event) => {
      // A module worker that fails to load fires an error event without a message.
      fail(event.message ? `The inference worker stopped: ${event.message}` : 'The inference worker could not start or crashed.');
    });
    worker.addEventListener('messageerror', () => fail('The inference worker sent a message that could not be read.'));
  });
  died.catch(() => undefined);
  return { worker, remote, users: 0, died };
}

/** Runs a worker call, rejecting if the worker dies before it answers. */
export function guarded<T>(worker: Shared, call: Promise<T>): Promise<T> {
  return Promise.race([call, worker.died]);
}

/**
 * One shared inference worker per page. Widgets acquire it and release it; the last
 * release terminates it. Comlink alone hangs when a worker dies, so the worker's `error`
 * and `messageerror` events end it and reject every call still waiting; a call that hears
 * nothing from the worker for too long (a stall) ends it too. The next acquire starts a
 * fresh worker.
 */
import { releaseProxy, wrap, type Remote } from 'comlink';
import type { WorkerApi } from '../../worker/api';

export type WorkerRemote = Remote<WorkerApi>;

/** The page's worker, its Comlink proxy, how many widgets use it, and a promise that rejects when it dies. */
export interface Shared {
  worker: Worker;
  remote: WorkerRemote;
  users: number;
  /** Rejects (with a WorkerLost error) when the worker dies or is ended for a stall; calls race against it. */
  died: Promise<never>;
  /** False once the worker died or was terminated. */
  alive: boolean;
  /** Rejects of the calls waiting now, told when the worker dies (a Promise.race with `died` would pile up reactions on it). */
  waiting: Set<(error: Error) => void>;
  /** Ends the worker with `error` as the reason every waiting call hears. */
  kill(error: Error): void;
}

/** Page-side failure codes, beside the worker's own (see errors.ts). */
export type WorkerLostCode = 'worker-crashed' | 'worker-stalled' | 'worker-start';

/** Milliseconds a call may go without any sign of life from the worker (progress, a layer, an answer). */
export const STALL_TIMEOUT_MS = 60_000;

let shared: Shared | null = null;

/** URL of the worker script: beside this module, wherever the page embeds it. */
export function workerUrl(): URL {
  return new URL('./worker.js', import.meta.url);
}

/** An error a widget shows when the worker is gone; `code` says why. */
export function workerLost(code: WorkerLostCode, message: string): Error {
  return Object.assign(new Error(message), { name: 'WorkerLost', code });
}

export function isWorkerLost(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'WorkerLost';
}

/** A worker started before any widget asked for it ends if none has after this long. */
const UNCLAIMED_MS = 30_000;

/**
 * Starts the page's worker as soon as convlens.js is evaluated, before any <conv-lens>
 * upgrades: its script (the bulk of the bytes) downloads and compiles while the page is
 * still parsed. Unclaimed, it is ended after a while. Never throws (a widget reports it).
 */
export function prestartWorker(): void {
  if (shared?.alive || typeof Worker !== 'function') return;
  try {
    const instance = startWorker();
    shared = instance;
    setTimeout(() => {
      if (instance.users === 0) end(instance);
    }, UNCLAIMED_MS);
  } catch {
    // A widget will try again and show why it cannot start.
  }
}

/** Starts (or reuses) the page's worker and counts one more user. Throws if no worker can start. */
export function acquireWorker(): Shared {
  if (!shared?.alive) shared = startWorker();
  shared.users++;
  return shared;
}

/** One user fewer of `instance`; the last one terminates it. */
export function releaseWorker(instance: Shared): void {
  instance.users--;
  if (instance.users <= 0) end(instance);
}

/** Tensor bookkeeping of the page's worker, or null when none runs (leak checks). */
export async function workerMemory(): Promise<{ numTensors: number; numBytes: number } | null> {
  return shared?.alive ? shared.remote.memory() : null;
}

/** How many workers this page has started and not terminated (0 or 1), for tests. */
export function liveWorkers(): number {
  return shared?.alive ? 1 : 0;
}

function end(instance: Shared): void {
  if (!instance.alive) return;
  instance.alive = false;
  instance.remote[releaseProxy]();
  instance.worker.terminate();
  if (shared === instance) shared = null;
}

/**
 * A classic worker that imports the real (module) worker script from another origin, holding
 * the page's first messages until that script listens. It tells the worker where it really
 * lives (CONVLENS_WORKER_URL: its own location is the blob: URL), and turns a failed import
 * into an error event.
 */
export function bootstrapSource(url: string): string {
  return [
    `self.CONVLENS_WORKER_URL = ${JSON.stringify(url)};`,
    'const held = [];',
    'const hold = (event) => { held.push(event); event.stopImmediatePropagation(); };',
    "self.addEventListener('message', hold);",
    `import(${JSON.stringify(url)}).then(() => {`,
    "  self.removeEventListener('message', hold);",
    "  for (const event of held) self.dispatchEvent(new MessageEvent('message', { data: event.data, ports: [...event.ports] }));",
    '}, (error) => setTimeout(() => { throw error; }));',
  ].join('\n');
}

/**
 * A worker must be same-origin with the page. When convlens.js is served from another
 * origin (a CDN, or a sandboxed iframe whose origin is opaque), a same-origin blob worker
 * imports the real worker script instead (that host must then allow CORS).
 */
function createWorker(url: URL): { worker: Worker; bootstrap: string | null } {
  if (url.origin === globalThis.origin) return { worker: new Worker(url, { type: 'module', name: 'convlens' }), bootstrap: null };
  // Classic: an opaque-origin page (a sandboxed iframe) cannot start a blob: module worker.
  const bootstrap = URL.createObjectURL(new Blob([bootstrapSource(url.href)], { type: 'text/javascript' }));
  return { worker: new Worker(bootstrap, { name: 'convlens' }), bootstrap };
}

function startWorker(): Shared {
  let created: ReturnType<typeof createWorker>;
  try {
    created = createWorker(workerUrl());
  } catch (error) {
    // A Content-Security-Policy without worker-src for this script, or no module workers.
    throw workerLost('worker-start', `The inference worker could not be started: ${(error as Error)?.message ?? error}`);
  }
  const { worker, bootstrap } = created;
  let fail!: (error: Error) => void;
  const died = new Promise<never>((_, reject) => (fail = reject));
  died.catch(() => undefined);
  const instance: Shared = {
    worker, remote: wrap<WorkerApi>(worker), users: 0, died, alive: true, waiting: new Set(),
    kill(error) {
      if (!instance.alive) return;
      fail(error);
      instance.waiting.forEach((reject) => reject(error));
      instance.waiting.clear();
      end(instance);
      if (bootstrap) URL.revokeObjectURL(bootstrap);
    },
  };
  worker.addEventListener('error', (event) => {
    // Handled here: the page's own window.onerror never hears of it.
    event.preventDefault();
    // A module worker that fails to load fires an error event without a message.
    const message = event.message ? `The inference worker stopped: ${event.message}` : 'The inference worker could not start or crashed.';
    instance.kill(workerLost('worker-crashed', message));
  });
  worker.addEventListener('messageerror', () => instance.kill(workerLost('worker-crashed', 'The inference worker sent a message that could not be read.')));
  return instance;
}

/**
 * Re-armed on every sign of life from the worker during one call; when it runs out, the
 * worker is taken as stuck and ended, so no call waits forever.
 */
export class Watchdog {
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `what` the worker is doing, for the message: "loading the model …". */
  constructor(
    private readonly instance: Shared,
    private readonly ms: number,
    private readonly what: string,
  ) {
    this.touch();
  }

  /** The worker did something: start the wait again. */
  touch(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.expire(), this.ms);
  }

  /** The call is over. */
  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private expire(): void {
    this.timer = null;
    const seconds = Math.round(this.ms / 100) / 10;
    this.instance.kill(workerLost('worker-stalled', `No answer from the inference worker for ${seconds} s while ${this.what}; it was stopped.`));
  }
}

/** A worker call, what it does (for the stall message) and how long it may stay silent. */
export interface GuardedCall<T> {
  call(): Promise<T>;
  what: string;
  ms?: number;
  /** Receives the watchdog, so the call's callbacks can re-arm it. */
  onDog?(dog: Watchdog): void;
}

/** Runs a worker call, rejecting if the worker dies, or stays silent for `ms`, before it answers. */
export function guarded<T>(instance: Shared, { call, what, ms = STALL_TIMEOUT_MS, onDog }: GuardedCall<T>): Promise<T> {
  if (!instance.alive) return instance.died;
  return new Promise<T>((resolve, reject) => {
    const dog = new Watchdog(instance, ms, what);
    const settle = () => {
      dog.stop();
      instance.waiting.delete(lost);
    };
    const lost = (error: Error) => {
      settle();
      reject(error);
    };
    instance.waiting.add(lost);
    onDog?.(dog);
    Promise.resolve().then(call).then((value) => (settle(), resolve(value)), lost);
  });
}


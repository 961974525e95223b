/**
 * Starting the worker's WASM backend, with threads until they fail once on this page: tfjs
 * starts its threads from blob: URLs, which a strict Content-Security-Policy blocks, and the
 * worker then dies while the backend starts. Later sessions start it without threads. Apart
 * from the session (session.ts) because what it remembers is the page's, not one session's.
 */
import type { BackendInfo } from '../../worker/contract';
import { guarded, type Shared } from './worker-client';

/** WASM threads failed to start on this page (see diedStarting): later sessions start without them. */
let threadsFailed = false;

export class BackendStart {
  /** The backend is being started, with WASM threads allowed or not. */
  private starting = false;
  private threads = true;

  /** Starts the backend of `worker` (once per page: later calls answer at once). */
  async start(worker: Shared, ms: number): Promise<BackendInfo> {
    const { remote } = worker;
    this.starting = true;
    this.threads = !threadsFailed;
    const options = this.threads ? undefined : { threads: false };
    const backend = await guarded(worker, { call: () => remote.init(options), what: 'starting the WASM backend', ms });
    this.starting = false;
    return backend;
  }

  /** The worker died: true when it was starting WASM threads, which this page's later sessions then leave out. */
  diedStarting(): boolean {
    const retry = this.starting && this.threads && globalThis.crossOriginIsolated === true;
    if (retry) threadsFailed = true;
    return retry;
  }
}

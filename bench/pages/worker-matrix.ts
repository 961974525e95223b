/**
 * Worker-level figures, without the widget: for one backend configuration, a fresh worker
 * (the backend is chosen once per worker) computes the six lecture layers `runs` times after
 * one warm-up; each run's figure is the sum of the per-layer compute times the worker
 * reports. Also reads tensor memory through the worker API while a run streams in.
 */
import { proxy, wrap } from 'comlink';
import type { WorkerApi } from '../../worker/api';
import type { BackendInfo, LayerResult } from '../../worker/contract';
import type { BackendOptions } from '../../worker/backend';

export interface MatrixResult {
  backend: BackendInfo;
  /** Per run: sum of the layers' compute ms. */
  computeMs: number[];
  /** Largest tf.memory().numBytes seen between layers (tensor memory, weights included). */
  peakTensorBytes: number;
}

async function measure(modelPath: string, imagePath: string, options: BackendOptions, runs: number, layers?: string[]): Promise<MatrixResult> {
  const worker = new Worker(new URL('../worker.js', location.href), { type: 'module' });
  const remote = wrap<WorkerApi>(worker);
  try {
    const backend = await remote.init(options);
    const model = new URL(modelPath, location.href).href;
    const image = new URL(imagePath, location.href).href;
    const computeMs: number[] = [];
    let peakTensorBytes = 0;
    for (let run = 0; run <= runs; run++) {
      let sum = 0;
      const polls: Promise<void>[] = [];
      await remote.run(model, image, { layers, probabilities: false }, proxy({
        onLayer: (layer: LayerResult) => {
          sum += layer.ms;
          // Answered between two layers, when the worker yields to its messages.
          polls.push(remote.memory().then((m) => void (peakTensorBytes = Math.max(peakTensorBytes, m.numBytes))));
        },
      }));
      await Promise.all(polls);
      if (run > 0) computeMs.push(sum);
    }
    return { backend, computeMs, peakTensorBytes };
  } finally {
    worker.terminate();
  }
}

Object.assign(globalThis, { __matrix: { measure } });

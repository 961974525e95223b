/**
 * A bare test page for the worker, without the widget: it speaks the worker contract
 * through Comlink and records what arrives, with wall-clock times the test can compare
 * to the network log.
 */
import { proxy, wrap } from 'comlink';
import type { WorkerApi } from '../../../worker/api';
import type { BackendOptions } from '../../../worker/backend';
import type { ExplainOptions, LayerResult, InputPreview, Progress, RunOptions } from '../../../worker/contract';

const worker = new Worker(new URL('/worker.js', location.href), { type: 'module' });
const remote = wrap<WorkerApi>(worker);

/** Epoch milliseconds, comparable with Playwright's request timing. */
const now = () => performance.timeOrigin + performance.now();

/** Layers received by the run in progress; the test polls it. */
let arrived = 0;

async function run(modelPath: string, imagePath: string, options: RunOptions = {}) {
  const layers: (Omit<LayerResult, 'data'> & { data: number[]; at: number })[] = [];
  let input: (Omit<InputPreview, 'rgba'> & { rgba: number[] }) | null = null;
  arrived = 0;
  const model = new URL(modelPath, location.href).href;
  const image = new URL(imagePath, location.href).href;
  const result = await remote.run(model, image, options, proxy({
    onLayer: (layer: LayerResult) => {
      arrived++;
      layers.push({ ...layer, data: Array.from(layer.data), at: now() });
    },
    onInput: (preview: InputPreview) => (input = { ...preview, rgba: Array.from(preview.rgba) }),
  }));
  return { layers, input, ms: result.ms, top: result.prediction?.top ?? null, sum: result.prediction?.probabilities.reduce((a, b) => a + b, 0) };
}

Object.assign(globalThis, {
  convlensTest: {
    init: (options?: BackendOptions) => remote.init(options),
    load: (path: string) => remote.load(new URL(path, location.href).href),
    /** Loads a model and records every progress report, the WASM binary's bytes included. */
    async loadWithProgress(path: string) {
      const reports: Progress[] = [];
      await remote.load(new URL(path, location.href).href, proxy((progress: Progress) => reports.push(progress)));
      // Reports travel on the callback's own port and may arrive after load() has resolved.
      for (let count = -1; count !== reports.length; ) {
        count = reports.length;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return reports;
    },
    run,
    memory: () => remote.memory(),
    /** Grad-CAM through the worker; typed arrays become plain arrays for the test. */
    async explain(modelPath: string, imagePath: string, options: ExplainOptions = {}) {
      const result = await remote.explain(new URL(modelPath, location.href).href, new URL(imagePath, location.href).href, options);
      return { ...result, map: Array.from(result.map), alpha: Array.from(result.alpha), logits: Array.from(result.logits) };
    },
    summary: (path: string) => remote.summary(new URL(path, location.href).href),
    /** Starts a run and cancels its channel at once; reports how it ended. */
    async cancelled(modelPath: string, imagePath: string) {
      const ending = run(modelPath, imagePath).then(() => 'done', (error: Error) => error.name);
      await remote.cancel('default');
      return ending;
    },
    /** Starts two runs on one channel at once (with `options`, e.g. one imageKey); reports how each ended. */
    async race(modelPath: string, imagePath: string, options: RunOptions = {}) {
      const settle = (p: Promise<unknown>) => p.then(() => 'done', (error: Error) => error.name);
      const first = settle(run(modelPath, imagePath, options));
      const second = settle(run(modelPath, imagePath, options));
      return { first: await first, second: await second };
    },
    arrived: () => arrived,
  },
});

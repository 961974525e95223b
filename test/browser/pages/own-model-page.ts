/**
 * A bare test page for bringing your own model through the worker: it fetches files the
 * test serves, hands them to `loadFiles` as File objects (what a drop or a file picker
 * gives), and runs models by URL or by the key `loadFiles` returned.
 */
import { proxy, wrap } from 'comlink';
import type { WorkerApi } from '../../../worker/api';
import type { InputPreview, LayerResult, ModelMetadata, RunOptions } from '../../../worker/contract';

const worker = new Worker(new URL('/worker.js', location.href), { type: 'module' });
const remote = wrap<WorkerApi>(worker);

/** A file to give: fetched from `url`, or made from `text`. */
interface GivenFile {
  name: string;
  url?: string;
  text?: string;
  /** Keep only the first `keep` bytes (a truncated file). */
  keep?: number;
}

async function toFile({ name, url, text, keep }: GivenFile): Promise<File> {
  const body = url ? await (await fetch(url)).blob() : new Blob([text ?? '']);
  return new File([keep === undefined ? body : body.slice(0, keep)], name);
}

/**
 * Gives files to the worker (for `channel`, a widget, when given); resolves with the key and
 * summary, or the error's name and message.
 */
async function loadFiles(files: GivenFile[], channel?: string) {
  try {
    return await remote.loadFiles(await Promise.all(files.map(toFile)), undefined, channel);
  } catch (error) {
    return { error: { name: (error as Error).name, message: (error as Error).message } };
  }
}

/** Runs `model` (a page-relative model.json path, or a key from loadFiles) on an image. */
async function run(model: string, imagePath: string, options: RunOptions = {}) {
  const layers: { name: string; shape: number[]; data: number[] }[] = [];
  let input: (Omit<InputPreview, 'rgba'> & { rgba: number[] }) | null = null;
  const url = model.startsWith('convlens-file:') ? model : new URL(model, location.href).href;
  try {
    const result = await remote.run(url, new URL(imagePath, location.href).href, options, proxy({
      onLayer: (layer: LayerResult) => layers.push({ name: layer.name, shape: layer.shape, data: Array.from(layer.data) }),
      onInput: (preview: InputPreview) => (input = { ...preview, rgba: Array.from(preview.rgba) }),
    }));
    await settled(() => layers.length);
    const prediction = result.prediction;
    return { layers, input, top: prediction?.top ?? null, probabilities: prediction ? Array.from(prediction.probabilities) : null };
  } catch (error) {
    return { error: { name: (error as Error).name, message: (error as Error).message } };
  }
}

/**
 * Waits until `count()` stops changing: onLayer calls come through the callbacks' own
 * MessagePort, so the last ones may arrive after `run` resolved on the worker's port.
 */
async function settled(count: () => number): Promise<void> {
  for (let last = -1, still = 0; still < 3; ) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    still = count() === last ? still + 1 : 0;
    last = count();
  }
}

Object.assign(globalThis, {
  convlensTest: {
    loadFiles,
    run,
    memory: () => remote.memory(),
    release: (channel: string) => remote.release(channel),
    setMetadata: (key: string, metadata: Partial<Pick<ModelMetadata, 'classNames' | 'pixelScale'>>) => remote.setMetadata(key, metadata),
  },
});

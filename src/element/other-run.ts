/**
 * Photo B of a comparison: one image run on a channel of its own, every layer asked for and
 * the prediction, collected until all have arrived. The widget's own image and its
 * generations (session.ts) are not touched.
 */
import type { InputPreview, LayerResult, RunCallbacks } from '../../worker/contract';
import { proxy } from 'comlink';
import type { OtherRun } from './session-handlers';
import type { WorkerRemote } from './worker-client';

/** A guarded worker call (Session.request): `touch` re-arms the stall watchdog. */
type Request = <T>(what: string, call: (remote: WorkerRemote, touch: () => void) => Promise<T>) => Promise<T>;

export async function runOther(request: Request, modelUrl: string, channel: string, image: string | Blob, layers: string[]): Promise<OtherRun> {
  const results: LayerResult[] = [];
  let preview: InputPreview | null = null;
  let arrived = () => undefined as void;
  const all = new Promise<void>((resolve) => (arrived = () => results.length >= layers.length && resolve()));
  arrived();
  const result = await request('computing photo B', (remote, touch) => remote.run(modelUrl, image, { layers, probabilities: true, channel }, proxy<RunCallbacks>({
    onLayer: (layer) => (touch(), results.push(layer), arrived()),
    onInput: (p) => (touch(), (preview = p)),
    onProgress: () => touch(),
  })));
  // The answer can overtake the last layers (they travel on the callbacks' port).
  await all;
  return { layers: results, prediction: result.prediction, preview };
}

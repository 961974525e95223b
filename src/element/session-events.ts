/**
 * What a session reports (progress, the image read, each layer, the prediction, errors),
 * turned into the view's updates and the element's DOM events. The widget's controller
 * (controller.ts) keeps the state the reports change (which image is on show, recovery);
 * this keeps the compute time shown.
 */
import type { InputPreview, Prediction } from '../../worker/contract';
import type { WidgetView } from '../views/widget-view';
import type { SessionHandlers } from './session';

export interface SessionEventsHost {
  readonly view: WidgetView;
  /** The worker read the pending image; true when it replaced the one on show. */
  commit(preview: InputPreview): boolean;
  /** Every layer of the image is in (a recovery is over). */
  completed(): void;
  /** The worker would not read the new image: the previous one stays. */
  refused(): void;
  /** The model's weights failed while computing: go back to the previous model; false when there is none. */
  goBack(error: Error): boolean;
  fail(error: unknown): void;
  workerLost(from: SessionHandlers, error: Error, retry: boolean): void;
  emit(type: string, detail: unknown): void;
}

/** The handlers for one session. */
export function sessionEvents(host: SessionEventsHost): SessionHandlers {
  const { view } = host;
  // Compute time of the layers received for the image on show (not waiting, not downloads).
  let computeMs = 0;
  const handlers: SessionHandlers = {
    onProgress: (progress) => view.progress(progress),
    onInput: (preview) => {
      if (host.commit(preview)) computeMs = 0;
    },
    onLayer: (result) => {
      computeMs += result.ms;
      view.layer(result);
      host.emit('convlens:layer', { name: result.name, index: result.index, shape: result.shape, ms: result.ms });
    },
    onPrediction: (prediction: Prediction) => view.prediction.show(prediction.top),
    onRunStart: (layers) => layers.forEach((layer) => view.layers.setState(layer, { kind: 'computing' })),
    onComplete: (ms, prediction) => {
      host.completed();
      view.status.set({ kind: 'done', ms: computeMs });
      host.emit('convlens:done', { ms, top: prediction?.top ?? [] });
    },
    onError: (error, refused) => {
      if (refused) {
        host.refused();
        view.layers.settle();
      }
      if (refused || !host.goBack(error)) host.fail(error);
    },
    onWarnings: (warnings) => view.alerts.addWarnings(warnings),
    onSettled: () => view.status.set(computeMs > 0 ? { kind: 'visible', ms: computeMs } : { kind: 'waiting' }),
    onWorkerLost: (error, retry) => host.workerLost(handlers, error, retry),
  };
  return handlers;
}

/**
 * The image on show and the one on its way. An image given is prepared and handed to the
 * session at once, but replaces the one on show only when the worker has read it (commit);
 * until then the one on show stays. A newer image, a new model or the widget leaving the
 * page drops the one on its way. Apart from the controller (controller.ts), which decides
 * when an image is shown; this keeps which one is newest and which one is on show.
 */
import type { InputPreview } from '../../worker/contract';
import type { DoneEventDetail } from './attributes';
import { abortError } from './generation';
import type { Session } from './session';
import { prepareSource, type PreparedSource, type WidgetSource } from '../inputs/sources';
import type { WidgetView } from '../views/widget-view';

export interface ImageFlowHost {
  readonly view: WidgetView;
  session(): Session | null;
  /** Null until the widget is in a document; then resolves when its model is ready. */
  ready(): Promise<void> | null;
}

export class ImageFlow {
  /** The image on show (the worker read it); kept across restarts and re-insertion. */
  source: PreparedSource | null = null;
  /** An image given but not yet read by the worker; the shown one stays until it is. */
  private pending: PreparedSource | null = null;
  private token = 0;

  constructor(private readonly host: ImageFlowHost) {}

  /** Counts the images asked for: a start that began before this changed does not show its own. */
  get asked(): number {
    return this.token;
  }

  /** The image on its way goes, and any image still being prepared is superseded. */
  drop(): void {
    this.pending = null;
    this.token++;
  }

  /** The image on its way goes (the worker refused it, or was lost). */
  forgetPending(): void {
    this.pending = null;
  }

  /**
   * Gives `source` to the worker and computes it: every layer now (`eager`) or as layers come
   * near. What is on show stays until the worker has read the new image (see commit).
   * `quiet` keeps the message on show (a restart showing the kept image again).
   */
  async use(source: WidgetSource, eager: boolean, quiet: boolean): Promise<DoneEventDetail | void> {
    const token = ++this.token;
    const ready = this.host.ready();
    if (!ready) throw new Error('<conv-lens> runs only once it is in a document.');
    await ready;
    const prepared = await prepareSource(source, document.baseURI);
    const session = this.host.session();
    if (token !== this.token || !session) throw abortError('superseded by a newer image');
    this.pending = prepared;
    const { view } = this.host;
    if (!quiet) view.alerts.clearError();
    session.setImage(prepared.image);
    view.status.set({ kind: 'decoding' });
    view.input.loading();
    if (!eager) return view.layers.report();
    const { ms, prediction } = await session.wantAll();
    return { ms, top: prediction?.top ?? [] };
  }

  /** The worker has read the pending image: it replaces what was on show (true) or shows the kept one again. */
  commit(preview: InputPreview): boolean {
    const prepared = this.pending;
    this.pending = null;
    if (prepared) {
      this.source = prepared;
      this.host.view.newImage(this.host.session()?.computing ?? []);
    }
    if (this.source) this.host.view.showInput(this.source, preview);
    return prepared !== null;
  }
}

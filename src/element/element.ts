/**
 * <conv-lens>: the lecture's story for one photo. Attributes: `model` (model.json URL),
 * `src` (photo URL), `layers` (names, comma or space separated; default every conv/pool
 * layer), `lang` (ko | en; default from the page), `normalize` (channel | layer | global),
 * `columns` (tiles per row, default 8). See README for the script API and events. The element
 * is its lifecycle and script API; what it does lives in its controller (controller.ts).
 */
import {
  columnsAttribute, normalizeAttribute,
  type BackendSummary, type CompareDetail, type DoneEventDetail, type ExplainDetail,
} from './attributes';
import type { ActivationRecord } from '../views/layers-view';
import { prepareSource, type WidgetSource } from '../inputs/sources';
import { applyStyles } from '../views/styles';
import { STALL_TIMEOUT_MS, workerMemory } from './worker-client';
import { watchPage } from '../inputs/page-inputs';
import { WidgetController } from './controller';

export { DEFAULT_MODEL, type ExplainDetail } from './attributes';

export class ConvLensElement extends HTMLElement {
  static readonly observedAttributes = ['model', 'src', 'layers', 'lang', 'normalize', 'columns'];
  /** Milliseconds a worker call may go without any sign of life before the worker is restarted. */
  static stallTimeout = STALL_TIMEOUT_MS;

  private readonly controller: WidgetController;
  /** Removed from the document; torn down unless re-inserted in the same task (a move). */
  private detached = false;
  /** Stops the page-wide paste and drop handling (see page-inputs.ts). */
  private unwatchPage: (() => void) | null = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    applyStyles(root);
    this.controller = new WidgetController(this, root, () => ConvLensElement.stallTimeout);
  }

  /** Tensors (and their bytes) alive in the page's shared worker, or null when none runs: for leak checks. */
  static memory(): Promise<{ numTensors: number; numBytes: number } | null> {
    return workerMemory();
  }

  /** The backend the worker chose, once ready: `{backend, simd, threads}`. */
  get backend(): BackendSummary | null {
    return this.controller.backend;
  }

  /** Resolves when the model summary is loaded (rejects if it cannot be). */
  get ready(): Promise<void> {
    return this.controller.ready;
  }

  /** Runs `source` through every selected layer; resolves when all layers and the prediction are in. */
  run(source: WidgetSource): Promise<DoneEventDetail> {
    this.controller.recovering = false;
    const done = this.controller.useImage(source, true).then((detail) => detail as DoneEventDetail);
    this.controller.lastRun = done.catch(() => undefined);
    return done;
  }

  /** Raw values of every layer computed for the current image: `[{name, shape, data}]`. */
  async activations(): Promise<ActivationRecord[]> {
    await this.controller.lastRun;
    return this.controller.view.layers.activations();
  }

  /**
   * Grad-CAM of the photo on show: `{layer, classIndex, className, shape: [h, w], map}`, the
   * map raw (not normalised, not upsampled). Default: the top class, on the last layer with maps.
   */
  async explain(options: { className?: string; classIndex?: number; layer?: string } = {}): Promise<ExplainDetail> {
    return this.controller.explain(options);
  }

  /**
   * Compares the photo on show (A) with `source` (B): every grid and the zoom show A beside B
   * until endCompare(). Resolves to B's `{name, top, layers: [{name, shape}]}`.
   */
  async compare(source: WidgetSource): Promise<CompareDetail> {
    await this.controller.lastRun;
    return this.controller.view.instruments.compare(source instanceof Blob || typeof source === 'string' ? source : (await prepareSource(source, document.baseURI)).image);
  }

  /** Ends a comparison: the grids show photo A alone again. */
  endCompare(): void {
    this.controller.view.instruments.endCompare();
  }

  connectedCallback(): void {
    this.controller.retranslate();
    if (this.detached) {
      // Moved within the page: nothing was torn down.
      this.detached = false;
      return;
    }
    this.unwatchPage ??= watchPage(this.ownerDocument, this, (event) => this.controller.view.input.paste(event));
    if (!this.controller.session) this.controller.begin(true);
  }

  disconnectedCallback(): void {
    this.detached = true;
    queueMicrotask(() => {
      if (this.detached && !this.isConnected) this.teardown();
    });
  }

  attributeChangedCallback(name: string, before: string | null, after: string | null): void {
    if (before === after || !this.isConnected) return;
    if (name === 'lang') this.controller.retranslate();
    else if (name === 'normalize') this.controller.view.layers.setNormalize(normalizeAttribute(after));
    else if (name === 'columns') this.controller.view.layers.setColumns(columnsAttribute(after));
    else if (name === 'src' && after && this.controller.summary) this.controller.pick(after);
    else if (name === 'model' || name === 'layers') {
      if (name === 'model') {
        this.controller.own.forget();
        this.controller.history.chosen();
      }
      this.controller.restart();
    }
  }

  /** Releases the worker, observers and listeners; the image is kept for a later re-insertion. */
  private teardown(): void {
    this.detached = false;
    this.unwatchPage?.();
    this.unwatchPage = null;
    this.controller.teardown();
  }
}

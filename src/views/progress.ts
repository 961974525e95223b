/**
 * The status strip: a real progress bar (bytes of weights loaded), what is happening, the
 * backend in use ("WASM · SIMD · 2 threads"), and a polite aria-live region that announces
 * phases and finished layers (not every byte).
 */
import type { BackendInfo } from '../../worker/contract';
import { busyStrip, h, setText } from './dom';
import { formatBytes, type Messages } from '../languages/i18n';

export type Status =
  | { kind: 'script'; loaded?: number; total?: number }
  | { kind: 'backend'; loaded?: number; total?: number }
  | { kind: 'model'; loaded?: number; total?: number }
  | { kind: 'decoding' }
  | { kind: 'weights'; layer: string; loaded: number; total: number; allLoaded: number; allTotal: number }
  | { kind: 'layer'; layer: string; ms: number }
  /** The photo is read; nothing on screen needs computing (layers wait until they come into view). */
  | { kind: 'waiting' }
  /** Everything on screen is computed (`ms` of compute); lower layers wait until they come into view. */
  | { kind: 'visible'; ms: number }
  | { kind: 'done'; ms: number }
  | { kind: 'idle' };

/** Phases that report bytes (when the worker counts them). */
const BYTE_PHASES = new Set<Status['kind']>(['script', 'backend', 'model']);

export class ProgressPanel {
  readonly element: HTMLElement;
  private readonly bar = h('progress', { class: 'bar' });
  private readonly busy = busyStrip();
  private readonly text = h('span', { class: 'status-text' });
  /** The backend pill ("WASM · SIMD · 1 thread"), placed by the view beside the title. */
  readonly backendText = h('span', { class: 'backend' });
  private readonly live = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  private status: Status = { kind: 'idle' };
  private backend: BackendInfo | null = null;
  private messages: Messages;

  constructor(messages: Messages) {
    this.messages = messages;
    // The text first: a bar coming and going beside it never moves it.
    this.element = h('div', { class: 'status' }, [this.text, this.bar, this.busy, this.live]);
    this.render();
  }

  setBackend(info: BackendInfo): void {
    this.backend = info;
    this.render();
  }

  /** Shows `status`; phase changes and finished layers are also announced. */
  set(status: Status): void {
    const announce = status.kind !== this.status.kind || status.kind === 'layer';
    this.status = status;
    this.render();
    if (announce && status.kind !== 'idle') setText(this.live, this.describe(status));
  }

  /** What the status says now (a phase, not an idle moment). */
  get kind(): Status['kind'] {
    return this.status.kind;
  }

  translate(messages: Messages): void {
    this.messages = messages;
    this.render();
    // The live region holds no text of the old language.
    setText(this.live, this.status.kind === 'idle' ? '' : this.describe(this.status));
  }

  private describe(status: Status): string {
    const t = this.messages;
    switch (status.kind) {
      case 'script':
        return withBytes(t.scriptLoading, status);
      case 'backend':
        return withBytes(t.backendLoading, status);
      case 'model':
        return withBytes(t.modelLoading, status);
      case 'decoding':
        return t.decoding;
      case 'weights':
        return `${t.weightsLayer(status.layer, formatBytes(status.loaded), formatBytes(status.total))} · ${t.weightsTotal(formatBytes(status.allLoaded), formatBytes(status.allTotal))}`;
      case 'layer':
        return t.layerDone(status.layer, status.ms.toFixed(1));
      case 'waiting':
        return t.waitingLayers;
      case 'visible':
        return t.visibleDone(status.ms.toFixed(0));
      case 'done':
        return t.allDone(status.ms.toFixed(0));
      case 'idle':
        return '';
    }
  }

  private render(): void {
    const { status, backend } = this;
    let determinate = false;
    setText(this.text, this.describe(status));
    setText(this.backendText, backend ? this.messages.backendLabel(backend.backend, backend.simd, backend.threads) : '');
    this.element.dataset.state = status.kind;
    if (status.kind === 'weights') {
      this.bar.max = Math.max(1, status.allTotal);
      this.bar.value = status.allLoaded;
    } else if (BYTE_PHASES.has(status.kind) && 'total' in status && status.total && status.total > 1) {
      this.bar.max = status.total;
      this.bar.value = status.loaded ?? 0;
      determinate = true;
    } else {
      this.bar.max = 1;
      this.bar.value = 1;
    }
    // No byte counts for this phase (yet): the busy strip instead of the bar.
    const indeterminate = (BYTE_PHASES.has(status.kind) || status.kind === 'decoding') && !determinate;
    this.busy.hidden = !indeterminate;
    this.bar.hidden = indeterminate || !(determinate || status.kind === 'weights');
  }
}

/** "Starting the WASM backend… 1.2 MB / 3.1 MB" when the phase reports bytes. */
function withBytes(text: string, status: { loaded?: number; total?: number }): string {
  return status.total && status.total > 1 ? `${text} ${formatBytes(status.loaded ?? 0)} / ${formatBytes(status.total)}` : text;
}

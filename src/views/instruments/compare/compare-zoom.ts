/**
 * The zoom while two photos are compared: photo B's map of the same filter beside A's (and
 * A − B on request), on the pair's one colour range (the zoom's colour bar), the cell under
 * the cursor outlined on each and its values read out; the figure exports as one PNG.
 */
import type { LayerResult } from '../../../../worker/contract';
import { h, placePercent, putPixels, setText } from '../../dom';
import { formatValue } from '../../../languages/i18n';
import { channelPixels, mapSize, valueAt } from '../../../paint/paint';
import { differencePixels } from '../../../paint/compare-paint';
import { paintInChunks } from '../../../paint/paint-scheduler';
import type { ZoomContent } from '../../zoom';
import { drawPixels, type FigureSpec } from '../figure';
import type { InstrumentMessages } from '../messages';

export interface CompareZoomMounts {
  dialog: HTMLElement;
  slot: HTMLElement;
  caption: HTMLElement;
  /** Moves the zoom's cell cursor (a pointer on B's map). */
  setCell(row: number, column: number): void;
}

/** What is compared now: B's result for the zoom's layer, the names, whether A − B is asked for. */
export interface ZoomPair {
  b: LayerResult;
  difference: boolean;
  names: { a: string | null; b: string };
}

class Panel {
  readonly canvas = h('canvas', { class: 'zoom-map pixelated', role: 'img' });
  readonly cursor = h('div', { class: 'cell-cursor', hidden: true });
  readonly box = h('div', { class: 'zoom-map-box zoom-other-box' }, [this.canvas, this.cursor]);
  readonly caption = h('figcaption');
  readonly element = h('figure', {}, [this.box, this.caption]);
}

export class CompareZoom {
  private readonly b = new Panel();
  private readonly d = new Panel();
  private readonly values = h('p', { class: 'cell-value compare-values', 'aria-live': 'polite' });
  private content: ZoomContent | null = null;
  private pair: ZoomPair | null = null;
  private diffMax = 1;
  private cell: [number, number] = [0, 0];

  constructor(private t: InstrumentMessages, private readonly mounts: CompareZoomMounts) {
    mounts.slot.append(this.b.element, this.d.element);
    // Under A's value at the cell, which the zoom writes below the colour bar.
    (mounts.dialog.querySelector('.zoom-main > .cell-value') ?? mounts.slot.parentElement ?? mounts.slot).after(this.values);
    mounts.dialog.addEventListener('cl-cell', (event) => {
      const { row, column } = (event as CustomEvent<{ row: number; column: number }>).detail;
      this.cell = [row, column];
      this.showCell(row, column);
    });
    for (const panel of [this.b, this.d]) {
      for (const type of ['pointermove', 'pointerdown'] as const) panel.box.addEventListener(type, (event) => this.onPointer(event, panel.box));
    }
    this.show(null, null);
  }

  /** Shows `pair` beside the zoom's map of `content`, or nothing when there is no comparison. */
  show(content: ZoomContent | null, pair: ZoomPair | null): void {
    this.content = content;
    this.pair = content && pair ? pair : null;
    const on = this.pair !== null;
    this.mounts.dialog.classList.toggle('comparing', on);
    this.mounts.dialog.dataset.panels = on ? String(pair!.difference ? 3 : 2) : '1';
    this.mounts.slot.hidden = this.mounts.caption.hidden = this.values.hidden = !on;
    if (!content || !this.pair) return;
    const { b, difference } = this.pair;
    const diff = differencePixels(content.activation, b, content.index);
    this.diffMax = diff.max;
    this.d.element.hidden = !difference;
    const [height, width] = mapSize(content.activation.shape);
    for (const panel of [this.b, this.d]) panel.box.style.aspectRatio = `${width} / ${height}`;
    paintInChunks(() => {
      putPixels(this.b.canvas, channelPixels(b, content.index, content.range));
      putPixels(this.d.canvas, diff);
      return false;
    });
    this.render();
    this.showCell(...this.cell);
  }

  translate(t: InstrumentMessages): void {
    this.t = t;
    if (this.pair) this.render();
  }

  /** A | B (| A − B) of the filter on show as one figure, the pair's range on the colour bar. */
  figure(title: string, size: { width: number; height: number }): FigureSpec | null {
    const { content, pair } = this;
    if (!content || !pair) return null;
    const panel = (label: string, pixels: { width: number; height: number; data: Uint8ClampedArray }) => ({
      width: size.width, height: size.height, label, draw: (c: CanvasRenderingContext2D, x: number, y: number, w: number, hh: number) => drawPixels(c, pixels, [x, y, w, hh]),
    });
    const panels = [
      panel(this.mounts.caption.textContent ?? 'A', channelPixels(content.activation, content.index, content.range)),
      panel(this.b.caption.textContent ?? 'B', channelPixels(pair.b, content.index, content.range)),
    ];
    if (pair.difference) panels.push(panel(this.d.caption.textContent ?? 'A − B', differencePixels(content.activation, pair.b, content.index)));
    return {
      title, subtitle: `${content.layer} · (${content.activation.shape.join(', ')}) · A: ${pair.names.a ?? '—'} · B: ${pair.names.b}`,
      panels, bar: { min: formatValue(content.range.min), max: formatValue(content.range.max) }, scale: 2,
    };
  }

  private render(): void {
    const { content, pair, t } = this;
    if (!content || !pair) return;
    setText(this.mounts.caption, `A · ${pair.names.a ?? '—'}`);
    setText(this.b.caption, `B · ${pair.names.b}`);
    setText(this.d.caption, t.compareDiffCaption(formatValue(this.diffMax)));
    this.b.canvas.setAttribute('aria-label', t.compareZoomB(content.layer, content.index, pair.names.b));
    this.d.canvas.setAttribute('aria-label', t.compareDiffCaption(formatValue(this.diffMax)));
  }

  private showCell(row: number, column: number): void {
    const { content, pair } = this;
    if (!content || !pair) return;
    const [height, width] = mapSize(content.activation.shape);
    for (const panel of [this.b, this.d]) {
      placePercent(panel.cursor, { left: (column / width) * 100, top: (row / height) * 100, width: 100 / width, height: 100 / height });
      panel.cursor.hidden = false;
    }
    const a = valueAt(content.activation, content.index, row, column);
    const b = valueAt(pair.b, content.index, row, column);
    setText(this.values, this.t.compareCellValues(formatValue(b), formatValue(a - b)));
  }

  private onPointer(event: PointerEvent, box: HTMLElement): void {
    const content = this.content;
    const rect = box.getBoundingClientRect();
    if (!content || rect.width === 0 || rect.height === 0) return;
    const [height, width] = mapSize(content.activation.shape);
    this.mounts.setCell(Math.floor(((event.clientY - rect.top) / rect.height) * height), Math.floor(((event.clientX - rect.left) / rect.width) * width));
  }
}

/**
 * The zoom: one activation map drawn large (the lecture's plt.matshow), a colour bar with
 * the value range and the value under the cursor, and the receptive field of the cell
 * under the cursor outlined on the model-size input and on the original photo.
 */
import type { InputPreview, SummaryRow } from '../../worker/contract';
import { h, placePercent, putPixels, setText } from './dom';
import { formatValue, type Messages } from '../languages/i18n';
import { channelPixels, mapSize, valueAt, type Activation, type Range } from '../paint/paint';
import { boxPercent, receptiveField, type PixelBox } from './receptive-field';
import { VIRIDIS, LUT_SIZE } from '../paint/viridis';
import { PhotoView, type Original } from '../inputs/photo';
import { grayscale } from '../paint/grayscale';

export interface ZoomContent {
  layer: string;
  /** Channel index, 0-based. */
  index: number;
  count: number;
  activation: Activation;
  range: Range;
  rows: readonly SummaryRow[];
  /** Model input [height, width, channels]. */
  inputShape: readonly number[];
  preview: InputPreview | null;
  /** The original photo as the input panel shows it. */
  original: Original | null;
}

export class ZoomDialog {
  readonly element: HTMLDialogElement;
  private readonly title = h('h3', { class: 'zoom-title' });
  private readonly closeButton = h('button', { type: 'button', class: 'close' });
  private readonly prevButton = h('button', { type: 'button', class: 'zoom-prev' });
  private readonly nextButton = h('button', { type: 'button', class: 'zoom-next' });
  private readonly hint = h('p', { class: 'hint' });
  private readonly map = h('canvas', { class: 'zoom-map' });
  private readonly cursor = h('div', { class: 'cell-cursor', hidden: true });
  private readonly mapBox = h('div', { class: 'zoom-map-box', tabindex: 0, role: 'application' }, [this.map, this.cursor]);
  /** Where the instruments put photo B's map (and A − B) beside this one, with a caption under this one. */
  readonly compareSlot = h('div', { class: 'zoom-compare', hidden: true });
  readonly mapCaption = h('figcaption', { class: 'zoom-a-caption', hidden: true });
  private readonly bar = h('canvas', { class: 'colour-bar', width: LUT_SIZE, height: 1 });
  private barPainted = false;
  private readonly barBox = h('div', { class: 'colour-bar-box', role: 'img' }, [this.bar]);
  private readonly marker = h('div', { class: 'bar-marker', hidden: true });
  private readonly minText = h('span');
  private readonly maxText = h('span');
  private readonly valueText = h('p', { class: 'cell-value', 'aria-live': 'polite' });
  private readonly fieldText = h('p', { class: 'field-text' });
  private readonly inputCanvas = h('canvas', { class: 'zoom-input pixelated' });
  private readonly inputOutline = h('div', { class: 'rf-box', hidden: true });
  private readonly photo = new PhotoView('zoom-photo');
  private readonly photoOutline = h('div', { class: 'rf-box', hidden: true });
  private readonly inputCaption = h('figcaption');
  private readonly photoCaption = h('figcaption');
  private content: ZoomContent | null = null;
  private cell: [number, number] | null = null;
  private returnFocus: HTMLElement | null = null;
  private messages: Messages;

  /** `onStep(±1)`: the previous or next filter was asked for (buttons, Page Up / Page Down). */
  constructor(messages: Messages, private readonly onStep: (delta: number) => void = () => undefined) {
    this.messages = messages;
    this.barBox.append(this.marker);
    this.element = h('dialog', { class: 'zoom' }, [
      h('div', { class: 'zoom-head' }, [this.title, h('div', { class: 'zoom-nav' }, [this.prevButton, this.nextButton, this.closeButton])]),
      h('div', { class: 'zoom-body' }, [
        h('div', { class: 'zoom-main' }, [
          h('div', { class: 'zoom-maps' }, [h('figure', { class: 'zoom-a' }, [this.mapBox, this.mapCaption]), this.compareSlot]),
          this.barBox, h('div', { class: 'bar-labels' }, [this.minText, this.maxText]), this.valueText,
        ]),
        h('div', { class: 'zoom-side' }, [
          h('figure', {}, [h('div', { class: 'rf-frame' }, [this.inputCanvas, this.inputOutline]), this.inputCaption]),
          h('figure', {}, [h('div', { class: 'rf-frame photo-frame' }, [...this.photo.elements, this.photoOutline]), this.photoCaption]),
          this.fieldText,
        ]),
      ]),
      this.hint,
    ]);
    this.element.setAttribute('aria-labelledby', 'cl-zoom-title');
    this.title.id = 'cl-zoom-title';
    this.closeButton.addEventListener('click', () => this.close());
    this.prevButton.addEventListener('click', () => this.onStep(-1));
    this.nextButton.addEventListener('click', () => this.onStep(1));
    // A click on the backdrop (outside the dialog's box) closes it, as a student expects.
    this.element.addEventListener('click', (event) => {
      const box = this.element.getBoundingClientRect();
      const outside = event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom;
      if (event.target === this.element && outside) this.close();
    });
    this.element.addEventListener('keydown', (event) => {
      const delta = { PageUp: -1, PageDown: 1 }[event.key];
      if (!delta) return;
      event.preventDefault();
      this.onStep(delta);
    });
    this.element.addEventListener('close', () => this.restoreFocus());
    this.mapBox.addEventListener('pointermove', (event) => this.onPointer(event));
    this.mapBox.addEventListener('pointerdown', (event) => this.onPointer(event));
    this.mapBox.addEventListener('keydown', (event) => this.onKey(event));
  }

  get isOpen(): boolean {
    return this.element.open;
  }

  /** The layer and filter on show, while open. */
  get shown(): { layer: string; index: number } | null {
    return this.element.open && this.content ? { layer: this.content.layer, index: this.content.index } : null;
  }

  /** Opens on `content` (or shows it in the open dialog, keeping the cell); focus returns to `returnFocus` when it closes. */
  open(content: ZoomContent, returnFocus: HTMLElement | null): void {
    const stepping = this.element.open;
    const keep = stepping ? this.cell : null;
    const focusInside = stepping && (this.element.getRootNode() as Document | ShadowRoot).activeElement;
    this.content = content;
    if (!stepping) this.returnFocus = returnFocus;
    // Painted on first use: page load creates no canvas backing store for a closed dialog.
    if (!this.barPainted) paintColourBar(this.bar);
    this.barPainted = true;
    const [height, width] = mapSize(content.activation.shape);
    this.mapBox.style.aspectRatio = `${width} / ${height}`;
    putPixels(this.map, channelPixels(content.activation, content.index, content.range));
    if (content.preview) {
      const { width: w, height: hh, rgba } = content.preview;
      putPixels(this.inputCanvas, { width: w, height: hh, data: content.inputShape[2] === 1 ? grayscale(rgba) : rgba });
    }
    this.photo.show(content.original);
    if (!this.element.open) {
      if (typeof this.element.showModal === 'function') this.element.showModal();
      else this.element.setAttribute('open', '');
    }
    this.setCell(keep?.[0] ?? 0, keep?.[1] ?? 0);
    if (focusInside instanceof HTMLElement && this.element.contains(focusInside)) focusInside.focus();
    else this.mapBox.focus();
  }

  close(): void {
    if (!this.element.open) return;
    if (typeof this.element.close === 'function') this.element.close();
    else {
      this.element.removeAttribute('open');
      this.restoreFocus();
    }
  }

  /** Puts the cursor on cell (row, column): value, colour-bar marker, receptive field. */
  setCell(row: number, column: number): void {
    const content = this.content;
    if (!content) return;
    const [height, width] = mapSize(content.activation.shape);
    const r = Math.max(0, Math.min(height - 1, row));
    const c = Math.max(0, Math.min(width - 1, column));
    this.cell = [r, c];
    placePercent(this.cursor, { left: (c / width) * 100, top: (r / height) * 100, width: 100 / width, height: 100 / height });
    this.cursor.hidden = false;
    const value = valueAt(content.activation, content.index, r, c);
    const span = content.range.max - content.range.min;
    const t = span > 0 ? (value - content.range.min) / span : 0;
    this.marker.style.left = `${Math.max(0, Math.min(1, t)) * 100}%`;
    this.marker.hidden = false;
    const box = receptiveField(content.rows, content.inputShape, content.layer, r, c);
    this.showField(box);
    this.render();
    // The instruments follow the cell (photo B's value at the same place).
    this.element.dispatchEvent(new CustomEvent('cl-cell', { detail: { row: r, column: c } }));
  }

  translate(messages: Messages): void {
    this.messages = messages;
    this.render();
  }

  private showField(box: PixelBox | null): void {
    const content = this.content!;
    this.inputOutline.hidden = this.photoOutline.hidden = !box;
    this.element.dataset.field = box ? `${box.top},${box.left},${box.bottom},${box.right}` : '';
    if (!box) return;
    const percent = boxPercent(box, content.inputShape[0], content.inputShape[1]);
    placePercent(this.inputOutline, percent);
    // Nearest resizing maps the photo's proportions onto the input, so the same percentages hold.
    placePercent(this.photoOutline, percent);
  }

  private render(): void {
    const t = this.messages;
    setText(this.closeButton, t.close);
    setText(this.prevButton, `‹ ${t.zoomPrev}`);
    setText(this.nextButton, `${t.zoomNext} ›`);
    setText(this.hint, t.zoomHint);
    const content = this.content;
    if (!content) return;
    this.prevButton.disabled = content.index === 0;
    this.nextButton.disabled = content.index >= content.count - 1;
    setText(this.title, t.zoomTitle(content.layer, content.index, content.count));
    setText(this.minText, formatValue(content.range.min));
    setText(this.maxText, formatValue(content.range.max));
    this.barBox.setAttribute('aria-label', t.colourBar(formatValue(content.range.min), formatValue(content.range.max)));
    this.mapBox.setAttribute('aria-label', t.zoomTitle(content.layer, content.index, content.count));
    this.inputCanvas.setAttribute('aria-label', t.modelInput(content.inputShape[1], content.inputShape[0]));
    this.photo.label(t.originalPhoto);
    setText(this.inputCaption, t.modelInput(content.inputShape[1], content.inputShape[0]));
    setText(this.photoCaption, t.originalPhoto);
    const [r, c] = this.cell ?? [0, 0];
    setText(this.valueText, t.cellValue(r, c, formatValue(valueAt(content.activation, content.index, r, c))));
    const box = receptiveField(content.rows, content.inputShape, content.layer, r, c);
    setText(this.fieldText, box ? t.receptiveField(box.bottom - box.top + 1, box.right - box.left + 1) : t.receptiveUnknown);
  }

  private onPointer(event: PointerEvent): void {
    const content = this.content;
    if (!content) return;
    const rect = this.mapBox.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return;
    const [height, width] = mapSize(content.activation.shape);
    const column = Math.floor(((event.clientX - rect.left) / rect.width) * width);
    const row = Math.floor(((event.clientY - rect.top) / rect.height) * height);
    this.setCell(row, column);
  }

  private onKey(event: KeyboardEvent): void {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const move = moves[event.key];
    if (!move || !this.cell) return;
    event.preventDefault();
    this.setCell(this.cell[0] + move[0], this.cell[1] + move[1]);
  }

  private restoreFocus(): void {
    const target = this.returnFocus;
    this.returnFocus = null;
    target?.focus();
  }
}

/** The colour bar: the 256 viridis colours left (min) to right (max). */
function paintColourBar(canvas: HTMLCanvasElement): void {
  const data = new Uint8ClampedArray(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) {
    data.set([VIRIDIS[i * 3], VIRIDIS[i * 3 + 1], VIRIDIS[i * 3 + 2], 255], i * 4);
  }
  putPixels(canvas, { width: LUT_SIZE, height: 1, data });
}

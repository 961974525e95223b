/**
 * Compare: photo A (the one on show) beside photo B (computed on a second worker channel).
 * For a chosen layer and filter the two maps share one colour range, the difference A − B on
 * request (blue – white – red), and both predictions; the pair exports as one PNG.
 */
import type { ClassScore, LayerResult } from '../../../worker/contract';
import type { OtherRun } from '../../element/session';
import { h, putPixels, setText } from '../dom';
import { formatValue } from '../../languages/i18n';
import { channelPixels, mapSize, type Activation, type Range } from '../../paint/paint';
import { paintInChunks } from '../../paint/paint-scheduler';
import { downloadFigure, drawPixels, fileName } from './figure';
import type { InstrumentMessages } from './messages';

export interface CompareHost {
  compare(source: Blob | string): Promise<OtherRun>;
  activation(layer: string): Activation | null;
  prediction(): ClassScore[] | null;
  samples(): { url: string; label: string }[];
  fail(error: unknown): void;
}

/** The range covering channel `k` of both activations. */
export function sharedRange(a: Activation, b: Activation, k: number): Range {
  const [height, width, channels] = mapSize(a.shape);
  let min = Infinity;
  let max = -Infinity;
  for (const data of [a.data, b.data]) {
    for (let i = 0; i < height * width; i++) {
      const v = data[i * channels + k];
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { min, max };
}

/** A − B of channel `k`, red where A is larger, blue where B is, scaled by the largest |A − B|. */
export function differencePixels(a: Activation, b: Activation, k: number): { width: number; height: number; data: Uint8ClampedArray; max: number } {
  const [height, width, channels] = mapSize(a.shape);
  const diff = Float32Array.from({ length: height * width }, (_, i) => a.data[i * channels + k] - b.data[i * channels + k]);
  const max = diff.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
  const data = new Uint8ClampedArray(height * width * 4);
  diff.forEach((v, i) => {
    const s = v / max;
    const rgb = s >= 0 ? [255, 255 * (1 - s), 255 * (1 - s)] : [255 * (1 + s), 255 * (1 + s), 255];
    data.set([...rgb.map(Math.round), 255], i * 4);
  });
  return { width, height, data, max };
}

export class ComparePanel {
  readonly element: HTMLElement;
  private readonly heading = h('h3');
  private readonly about = h('p', { class: 'hint' });
  private readonly fileLabel = h('span');
  private readonly file = h('input', { type: 'file', accept: 'image/*', class: 'compare-file' });
  private readonly sampleLabel = h('span');
  private readonly sample = h('select', { class: 'compare-sample' });
  private readonly layerLabel = h('span');
  private readonly layer = h('select', { class: 'compare-layer' });
  private readonly filterLabel = h('span');
  private readonly filter = h('input', { type: 'number', min: 0, value: 0, class: 'compare-filter' });
  private readonly diffBox = h('input', { type: 'checkbox', class: 'compare-diff' });
  private readonly diffLabel = h('span');
  private readonly exportButton = h('button', { type: 'button', class: 'compare-export' });
  private readonly status = h('p', { class: 'compare-status', 'aria-live': 'polite' });
  private readonly canvases = { a: h('canvas', { class: 'compare-a pixelated', role: 'img' }), b: h('canvas', { class: 'compare-b pixelated', role: 'img' }), d: h('canvas', { class: 'compare-d pixelated', role: 'img', hidden: true }) };
  private readonly captions = { a: h('figcaption'), b: h('figcaption'), d: h('figcaption') };
  private readonly range = h('p', { class: 'hint compare-range' });
  private b: Map<string, LayerResult> | null = null;
  private bTop: ClassScore[] | null = null;

  constructor(private readonly host: CompareHost, private t: InstrumentMessages) {
    const figure = (k: 'a' | 'b' | 'd') => h('figure', { class: `compare-${k}-figure` }, [this.canvases[k], this.captions[k]]);
    this.element = h('section', { class: 'panel compare', 'aria-busy': 'false' }, [
      this.heading, this.about,
      h('div', { class: 'explain-controls' }, [
        h('label', {}, [this.fileLabel, this.file]), h('label', {}, [this.sampleLabel, this.sample]),
        h('label', {}, [this.layerLabel, this.layer]), h('label', {}, [this.filterLabel, this.filter]),
        h('label', { class: 'inline' }, [this.diffBox, this.diffLabel]), this.exportButton,
      ]),
      this.status, h('div', { class: 'compare-maps' }, [figure('a'), figure('b'), figure('d')]), this.range,
    ]);
    this.file.addEventListener('change', () => this.file.files?.[0] && void this.run(this.file.files[0]));
    this.sample.addEventListener('change', () => this.sample.value && void this.run(this.sample.value));
    for (const control of [this.layer, this.filter, this.diffBox]) control.addEventListener('change', () => this.paint());
    this.filter.addEventListener('input', () => this.paint());
    this.exportButton.addEventListener('click', () => void this.export());
    this.translate(t);
  }

  /** Runs photo B; its layers replace any earlier B. */
  async run(source: Blob | string): Promise<void> {
    this.element.setAttribute('aria-busy', 'true');
    setText(this.status, this.t.compareComputing);
    try {
      const other = await this.host.compare(source);
      this.b = new Map(other.layers.map((layer) => [layer.name, layer]));
      this.bTop = other.prediction?.top ?? null;
      const keep = this.layer.value;
      this.layer.replaceChildren(...other.layers.map((layer) => h('option', { value: layer.name }, [layer.name])));
      if (other.layers.some((layer) => layer.name === keep)) this.layer.value = keep;
      this.paint();
    } catch (error) {
      setText(this.status, '');
      this.host.fail(error);
    } finally {
      this.element.setAttribute('aria-busy', 'false');
    }
  }

  /** Photo B's activation of `layer`, for the zoom. */
  other(layer: string): Activation | null {
    return this.b?.get(layer) ?? null;
  }

  translate(t: InstrumentMessages): void {
    this.t = t;
    setText(this.heading, t.compareHeading);
    setText(this.about, t.compareAbout);
    setText(this.fileLabel, t.compareFile);
    setText(this.sampleLabel, t.compareSample);
    setText(this.layerLabel, t.compareLayer);
    setText(this.filterLabel, t.compareFilter);
    setText(this.diffLabel, t.compareDifference);
    setText(this.exportButton, t.exportPng);
    const value = this.sample.value;
    this.sample.replaceChildren(h('option', { value: '' }, ['—']), ...this.host.samples().map((s) => h('option', { value: s.url }, [s.label])));
    this.sample.value = value;
    this.paint();
  }

  private selection(): { layer: string; a: Activation; b: Activation; k: number } | null {
    const layer = this.layer.value;
    const a = this.host.activation(layer);
    const b = this.b?.get(layer);
    if (!a || !b) return null;
    const channels = mapSize(a.shape)[2];
    this.filter.max = String(channels - 1);
    const k = Math.max(0, Math.min(channels - 1, Math.floor(Number(this.filter.value) || 0)));
    return { layer, a, b, k };
  }

  private paint(): void {
    const chosen = this.selection();
    const t = this.t;
    const topA = this.host.prediction()?.[0];
    const topB = this.bTop?.[0];
    const line = (which: string, top?: ClassScore) => (top ? t.comparePrediction(which, top.name, (top.probability * 100).toFixed(1)) : which);
    if (this.b) setText(this.status, `${line('A', topA)} · ${line('B', topB)}`);
    if (!chosen) return;
    const { layer, a, b, k } = chosen;
    const range = sharedRange(a, b, k);
    const diff = differencePixels(a, b, k);
    this.element.dataset.layer = layer;
    this.element.dataset.filter = String(k);
    this.canvases.d.hidden = this.captions.d.hidden = !this.diffBox.checked;
    paintInChunks(() => {
      putPixels(this.canvases.a, channelPixels(a, k, range));
      putPixels(this.canvases.b, channelPixels(b, k, range));
      putPixels(this.canvases.d, diff);
      return false;
    });
    setText(this.captions.a, `A · ${t.compareMapTitle(layer, k)}`);
    setText(this.captions.b, `B · ${t.compareMapTitle(layer, k)}`);
    setText(this.captions.d, `${t.compareDiffLabel} (±${formatValue(diff.max)})`);
    this.canvases.a.setAttribute('aria-label', this.captions.a.textContent ?? '');
    this.canvases.b.setAttribute('aria-label', this.captions.b.textContent ?? '');
    setText(this.range, `${formatValue(range.min)} – ${formatValue(range.max)}`);
  }

  /** A and B (and the difference, when shown) as one figure at 2×. */
  async export(): Promise<Blob | null> {
    const chosen = this.selection();
    if (!chosen) return null;
    const { layer, a, b, k } = chosen;
    const range = sharedRange(a, b, k);
    const rect = this.canvases.a.getBoundingClientRect();
    const panel = (label: string, pixels: { width: number; height: number; data: Uint8ClampedArray }) => ({
      width: rect.width, height: rect.height, label, draw: (c: CanvasRenderingContext2D, x: number, y: number, w: number, hh: number) => drawPixels(c, pixels, [x, y, w, hh]),
    });
    const panels = [panel(this.captions.a.textContent ?? 'A', channelPixels(a, k, range)), panel(this.captions.b.textContent ?? 'B', channelPixels(b, k, range))];
    if (this.diffBox.checked) panels.push(panel(this.captions.d.textContent ?? 'A − B', differencePixels(a, b, k)));
    return downloadFigure({
      title: `A / B · ${this.t.compareMapTitle(layer, k)}`, subtitle: `${layer} · (${a.shape.join(', ')}) · ${this.status.textContent ?? ''}`,
      panels, bar: { min: formatValue(range.min), max: formatValue(range.max) }, scale: 2,
    }, fileName('compare', layer, 'filter', k));
  }
}

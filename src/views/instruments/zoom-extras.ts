/**
 * What the zoom gains with the instruments: the filter's own weights (a k×k grid per input
 * channel, the first 16 with "show all"), photo B's map beside A's while comparing, and a
 * PNG of the map (or of the pair) with its colour bar and title.
 */
import type { LayerWeights } from '../../../worker/layer-weights';
import { h, putPixels, setText } from '../dom';
import { formatValue } from '../../languages/i18n';
import { paintInChunks } from '../../paint/paint-scheduler';
import type { ZoomContent } from '../zoom';
import { CompareZoom, type CompareZoomMounts, type ZoomPair } from './compare/compare-zoom';
import { channelWeights, filterMaxAbs } from './kernels';
import { downloadFigure, fileName } from './figure';
import { mapFigure } from './map-figures';
import type { InstrumentMessages } from './messages';

/** Input channels drawn before "show all". */
export const FIRST_CHANNELS = 16;

export class ZoomExtras {
  readonly element = h('div', { class: 'zoom-extras' });
  private readonly exportButton = h('button', { type: 'button', class: 'zoom-export' });
  private readonly heading = h('h4');
  private readonly scale = h('p', { class: 'hint' });
  private readonly grid = h('div', { class: 'kernel-grid' });
  private readonly allButton = h('button', { type: 'button', class: 'kernel-all', hidden: true });
  private readonly weightsBox = h('section', { class: 'kernel-weights', hidden: true }, [this.heading, this.grid, this.allButton, this.scale]);
  private readonly compare: CompareZoom;
  private content: ZoomContent | null = null;
  private kernel: LayerWeights | null = null;
  private all = false;
  private token = 0;

  constructor(
    private t: InstrumentMessages,
    private readonly weights: (layer: string) => Promise<LayerWeights> | null,
    private readonly mapBox: () => HTMLElement | null,
    private readonly title: () => string,
    private readonly pair: (layer: string) => ZoomPair | null,
    compareMounts: CompareZoomMounts,
  ) {
    this.compare = new CompareZoom(t, compareMounts);
    this.element.append(this.exportButton, this.weightsBox);
    this.exportButton.addEventListener('click', () => void this.export());
    this.allButton.addEventListener('click', () => {
      this.all = true;
      this.paint();
      (this.grid.querySelector('canvas') as HTMLElement | null)?.focus?.();
    });
    this.translate(t);
  }

  /** The zoom shows `content`: its filter's weights when the layer has a kernel. */
  show(content: ZoomContent): void {
    const stepped = this.content?.layer === content.layer;
    this.content = content;
    if (!stepped) this.all = false;
    this.compare.show(content, this.pair(content.layer));
    const token = ++this.token;
    const request = this.weights(content.layer);
    if (!request) {
      this.weightsBox.hidden = true;
      return;
    }
    request.then((kernel) => {
      if (token !== this.token) return;
      this.kernel = kernel;
      this.paint();
    }, () => {
      if (token === this.token) this.weightsBox.hidden = true;
    });
  }

  /** The comparison started, ended or changed: the zoom on show follows. */
  compareChanged(): void {
    if (this.content) this.compare.show(this.content, this.pair(this.content.layer));
  }

  translate(t: InstrumentMessages): void {
    this.t = t;
    this.compare.translate(t);
    setText(this.exportButton, t.exportPng);
    this.exportButton.setAttribute('aria-label', t.exportZoom);
    if (this.kernel && this.content) this.paint();
  }

  /** The map's PNG at 2× the zoom's size on screen. */
  async export(): Promise<Blob | null> {
    const content = this.content;
    const box = this.mapBox()?.getBoundingClientRect();
    if (!content || !box) return null;
    const pair = this.compare.figure(this.t.compareFigureTitle(content.layer, content.index), box);
    if (pair) return downloadFigure(pair, fileName('compare', content.layer, 'filter', content.index));
    const shape = `(${content.activation.shape.join(', ')})`;
    return downloadFigure(mapFigure({
      title: this.title(), subtitle: `${content.layer} · ${shape}`, activation: content.activation, index: content.index,
      range: content.range, width: box.width, height: box.height, label: `${content.layer}[..., ${content.index}]`,
    }), fileName(content.layer, 'filter', content.index));
  }

  private paint(): void {
    const kernel = this.kernel;
    const content = this.content;
    if (!kernel || !content || kernel.layer !== content.layer) return;
    const [kh, kw, cin, cout] = kernel.shape;
    // Depthwise: output channel f is input channel floor(f / m) times its own multiplier kernel.
    const depthwise = kernel.op === 'depthwiseConv2d' || kernel.role === 'depthwise';
    const filter = depthwise ? content.index % cout : content.index;
    const channels = depthwise ? [Math.floor(content.index / cout)] : Array.from({ length: cin }, (_, c) => c);
    if (filter >= cout || kernel.shape.length !== 4) {
      this.weightsBox.hidden = true;
      return;
    }
    const shown = this.all ? channels : channels.slice(0, FIRST_CHANNELS);
    const max = filterMaxAbs(kernel, filter);
    const k = `${kh}×${kw}`;
    setText(this.heading, this.t.weightsHeading(k, shown.length, channels.length));
    setText(this.scale, this.t.weightsScale(formatValue(-max), formatValue(max)));
    setText(this.allButton, this.t.weightsShowAll(channels.length));
    this.allButton.hidden = shown.length === channels.length;
    this.weightsBox.hidden = false;
    this.weightsBox.dataset.filter = String(content.index);
    const figures = shown.map((c) => {
      const canvas = h('canvas', { role: 'img', 'aria-label': `${this.t.weightsChannel(c)}` });
      return { c, canvas, figure: h('figure', {}, [canvas, h('figcaption', {}, [this.t.weightsChannel(c)])]) };
    });
    this.grid.replaceChildren(...figures.map((f) => f.figure));
    let next = 0;
    paintInChunks(() => {
      const end = Math.min(figures.length, next + 64);
      for (; next < end; next++) putPixels(figures[next].canvas, channelWeights(kernel, filter, figures[next].c, max));
      return next < figures.length;
    });
  }
}

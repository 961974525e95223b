/**
 * The Grad-CAM instrument: which places of the photo speak for a class. A class picker (the
 * top class by default) and a layer picker (any layer with maps), the heatmap laid over the
 * original photo and over the model-size input, its colour bar and caption; pointing at (or
 * moving with the arrow keys over) the heatmap outlines the receptive field of that cell.
 */
import type { ExplainResult, InputPreview, ModelSummary } from '../../../worker/contract';
import { h, placePercent, putPixels, setText } from '../dom';
import { formatValue, type Lang } from '../../languages/i18n';
import { PhotoView, type Original } from '../../inputs/photo';
import { grayscale } from '../../paint/grayscale';
import { paintInChunks } from '../../paint/paint-scheduler';
import { boxPercent, receptiveField } from '../receptive-field';
import { heatArgmax, heatMax, heatPixels, viridisColumn } from './heatmap';
import { INSTRUMENT_MESSAGES, type InstrumentMessages } from './messages';
import { downloadFigure, drawPixels, fileName, type FigurePanel } from './figure';

export interface ExplainHost {
  explain(options: { classIndex?: number; layer?: string }): Promise<ExplainResult | Pick<ExplainResult, 'layer' | 'classIndex' | 'className' | 'shape' | 'map'>>;
  summary(): ModelSummary | null;
  preview(): InputPreview | null;
  original(): Original | null;
  /** Class names as shown (the page's language), or null to use the model's. */
  names(): string[] | null;
  fail(error: unknown): void;
}

type Shown = { result: Pick<ExplainResult, 'layer' | 'classIndex' | 'className' | 'shape' | 'map'>; preview: InputPreview | null };

export class ExplainPanel {
  readonly element: HTMLElement;
  private readonly heading = h('h3');
  private readonly about = h('p', { class: 'hint' });
  private readonly classLabel = h('span');
  private readonly classSelect = h('select', { class: 'explain-class' });
  private readonly layerLabel = h('span');
  private readonly layerSelect = h('select', { class: 'explain-layer' });
  private readonly exportButton = h('button', { type: 'button', class: 'explain-export' });
  private readonly photo = new PhotoView('explain-photo-img');
  private readonly photoHeat = h('canvas', { class: 'heat' });
  private readonly photoOutline = h('div', { class: 'rf-box', hidden: true });
  private readonly photoFrame = h('div', { class: 'rf-frame explain-photo' });
  private readonly input = h('canvas', { class: 'explain-input pixelated' });
  private readonly inputHeat = h('canvas', { class: 'heat' });
  private readonly inputOutline = h('div', { class: 'rf-box', hidden: true });
  private readonly inputFrame = h('div', { class: 'rf-frame explain-input-frame', tabindex: 0, role: 'application' });
  private readonly photoCaption = h('figcaption');
  private readonly inputCaption = h('figcaption');
  private readonly bar = h('canvas', { class: 'explain-colour-bar', 'aria-hidden': 'true' });
  private readonly barMin = h('span');
  private readonly barMax = h('span');
  private readonly caption = h('p', { class: 'explain-caption', 'aria-live': 'polite' });
  private readonly cellText = h('p', { class: 'cell-value' });
  private t: InstrumentMessages;
  private shown: Shown | null = null;
  private cell: [number, number] = [0, 0];
  private request = 0;

  constructor(private readonly host: ExplainHost, lang: Lang) {
    this.t = INSTRUMENT_MESSAGES[lang];
    this.photoFrame.append(...this.photo.elements, this.photoHeat, this.photoOutline);
    this.inputFrame.append(this.input, this.inputHeat, this.inputOutline);
    this.element = h('section', { class: 'panel explain', 'aria-busy': 'false' }, [
      this.heading, this.about,
      h('div', { class: 'explain-controls' }, [
        h('label', {}, [this.classLabel, this.classSelect]), h('label', {}, [this.layerLabel, this.layerSelect]), this.exportButton,
      ]),
      h('div', { class: 'explain-figures' }, [
        h('figure', {}, [this.photoFrame, this.photoCaption]),
        h('figure', {}, [this.inputFrame, this.inputCaption]),
        h('div', { class: 'explain-bar' }, [this.barMax, this.bar, this.barMin]),
      ]),
      this.caption, this.cellText,
    ]);
    putPixels(this.bar, viridisColumn());
    this.classSelect.addEventListener('change', () => void this.compute());
    this.layerSelect.addEventListener('change', () => void this.compute());
    this.exportButton.addEventListener('click', () => void this.export());
    for (const frame of [this.photoFrame, this.inputFrame]) {
      frame.addEventListener('pointermove', (event) => this.onPointer(event, frame));
      frame.addEventListener('pointerdown', (event) => this.onPointer(event, frame));
    }
    this.inputFrame.addEventListener('keydown', (event) => this.onKey(event));
    this.fillPickers();
    this.translate(lang);
  }

  /** Computes and shows the map for the classes and layer picked (again for a new photo). */
  async compute(): Promise<void> {
    const id = ++this.request;
    const classValue = this.classSelect.value;
    const options = { classIndex: classValue === '' ? undefined : Number(classValue), layer: this.layerSelect.value || undefined };
    this.element.setAttribute('aria-busy', 'true');
    setText(this.caption, this.t.explainComputing);
    try {
      const result = await this.host.explain(options);
      if (id !== this.request) return;
      this.show({ result, preview: this.host.preview() });
    } catch (error) {
      if (id === this.request) {
        setText(this.caption, '');
        this.host.fail(error);
      }
    } finally {
      if (id === this.request) this.element.setAttribute('aria-busy', 'false');
    }
  }

  /** A new model: its classes and layers in the pickers. */
  fillPickers(): void {
    const summary = this.host.summary();
    const names = this.host.names() ?? summary?.metadata.classNames ?? [];
    const keep = [this.classSelect.value, this.layerSelect.value];
    this.classSelect.replaceChildren(h('option', { value: '' }), ...names.map((name, i) => h('option', { value: i }, [`${i} · ${name}`])));
    const layers = (summary?.rows ?? []).filter((row) => row.drawable && row.type !== 'InputLayer');
    this.layerSelect.replaceChildren(h('option', { value: '' }), ...layers.map((row) => h('option', { value: row.name }, [`${row.name} (${row.outputShape.slice(1, 3).join('×')})`])));
    this.classSelect.value = keep[0] && Number(keep[0]) < names.length ? keep[0] : '';
    this.layerSelect.value = layers.some((row) => row.name === keep[1]) ? keep[1] : '';
    this.labelDefaults();
  }

  translate(lang: Lang): void {
    this.t = INSTRUMENT_MESSAGES[lang];
    const t = this.t;
    setText(this.heading, t.explainHeading);
    setText(this.about, `${t.explainAbout} ${t.aboutGradCam}`);
    setText(this.classLabel, t.explainClass);
    setText(this.layerLabel, t.explainLayer);
    setText(this.exportButton, t.exportPng);
    this.exportButton.setAttribute('aria-label', t.exportExplain);
    setText(this.photoCaption, t.explainOnPhoto);
    this.photo.label(t.explainOnPhoto);
    this.labelDefaults();
    this.render();
  }

  private labelDefaults(): void {
    const shown = this.shown?.result;
    const top = this.classSelect.options[0];
    if (top) setText(top, this.t.explainTopClass(shown && this.classSelect.value === '' ? this.nameOf(shown.classIndex, shown.className) : '…'));
    const layer = this.layerSelect.options[0];
    if (layer) setText(layer, this.t.explainDefaultLayer(shown && this.layerSelect.value === '' ? shown.layer : '…'));
  }

  private nameOf(index: number, fallback: string): string {
    return this.host.names()?.[index] ?? fallback;
  }

  private show(shown: Shown): void {
    this.shown = shown;
    const { result, preview } = shown;
    // Painted through the page's scheduler, like every tile: a small job, one frame.
    paintInChunks(() => {
      const heat = heatPixels(result);
      putPixels(this.photoHeat, heat);
      putPixels(this.inputHeat, heat);
      if (preview) putPixels(this.input, { width: preview.width, height: preview.height, data: this.host.summary()?.inputShape[2] === 1 ? grayscale(preview.rgba) : preview.rgba });
      this.photo.show(this.host.original());
      return false;
    });
    this.element.dataset.layer = result.layer;
    this.element.dataset.classIndex = String(result.classIndex);
    this.labelDefaults();
    this.setCell(...heatArgmax(result));
  }

  private render(): void {
    const shown = this.shown;
    const t = this.t;
    const [ih, iw] = this.host.summary()?.inputShape ?? [32, 32];
    setText(this.inputCaption, t.explainOnInput(iw, ih));
    this.inputFrame.setAttribute('aria-label', t.explainOnInput(iw, ih));
    if (!shown) return;
    const { result } = shown;
    const max = heatMax(result);
    setText(this.barMin, '0');
    setText(this.barMax, formatValue(max));
    const name = this.nameOf(result.classIndex, result.className);
    setText(this.caption, max > 0 ? t.explainCaption(name, result.classIndex, result.layer, ...result.shape) : `${t.explainCaption(name, result.classIndex, result.layer, ...result.shape)}. ${t.explainFlat}`);
    const [r, c] = this.cell;
    setText(this.cellText, t.explainCell(r, c, formatValue(result.map[r * result.shape[1] + c])));
  }

  private setCell(row: number, column: number): void {
    const shown = this.shown;
    const summary = this.host.summary();
    if (!shown || !summary) return;
    const [height, width] = shown.result.shape;
    this.cell = [Math.max(0, Math.min(height - 1, row)), Math.max(0, Math.min(width - 1, column))];
    const box = receptiveField(summary.rows, summary.inputShape, shown.result.layer, ...this.cell);
    this.photoOutline.hidden = this.inputOutline.hidden = !box;
    if (box) {
      const percent = boxPercent(box, summary.inputShape[0], summary.inputShape[1]);
      placePercent(this.photoOutline, percent);
      placePercent(this.inputOutline, percent);
    }
    this.render();
  }

  private onPointer(event: PointerEvent, frame: HTMLElement): void {
    const shown = this.shown;
    const rect = frame.getBoundingClientRect();
    if (!shown || rect.width === 0 || rect.height === 0) return;
    const [height, width] = shown.result.shape;
    this.setCell(Math.floor(((event.clientY - rect.top) / rect.height) * height), Math.floor(((event.clientX - rect.left) / rect.width) * width));
  }

  private onKey(event: KeyboardEvent): void {
    const move = ({ ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] } as Record<string, [number, number]>)[event.key];
    if (!move) return;
    event.preventDefault();
    this.setCell(this.cell[0] + move[0], this.cell[1] + move[1]);
  }

  /** The figure: photo + map, input + map, the map alone (nearest, as matshow), colour bar; 2× the screen. */
  async export(): Promise<Blob | null> {
    const shown = this.shown;
    if (!shown) return null;
    const { result } = shown;
    const heat = heatPixels(result);
    const inputRect = this.inputFrame.getBoundingClientRect();
    const photoRect = this.photoFrame.getBoundingClientRect();
    const photoSource = this.photo.elements.find((element) => !element.hidden) as HTMLImageElement | HTMLCanvasElement | undefined;
    const overlay = (source: CanvasImageSource | null, rect: DOMRect, label: string): FigurePanel => ({
      width: rect.width, height: rect.height, label,
      draw: (context, x, y, w, hh) => {
        if (source) {
          context.save();
          context.imageSmoothingEnabled = source !== this.input;
          context.drawImage(source, x, y, w, hh);
          context.restore();
        }
        drawPixels(context, heat, [x, y, w, hh], true, 0.5);
      },
    });
    const [ih, iw] = this.host.summary()?.inputShape ?? [32, 32];
    const panels: FigurePanel[] = [
      overlay(this.input, inputRect, this.t.explainOnInput(iw, ih)),
      { width: inputRect.width, height: inputRect.height, label: `${this.t.explainMap} (${result.shape.join('×')})`, draw: (c, x, y, w, hh) => drawPixels(c, heat, [x, y, w, hh]) },
    ];
    if (photoSource && photoRect.width > 0) panels.unshift(overlay(photoSource, photoRect, this.t.explainOnPhoto));
    const name = this.nameOf(result.classIndex, result.className);
    const spec = {
      title: this.t.explainFigureTitle(name, result.layer), subtitle: this.t.explainCaption(name, result.classIndex, result.layer, ...result.shape),
      panels, bar: { min: '0', max: formatValue(heatMax(result)) }, scale: 2,
    };
    const file = fileName('grad-cam', result.className, result.layer);
    // A photo from another origin without CORS taints the canvas: the figure goes without it.
    return downloadFigure(spec, file).catch(() => downloadFigure({ ...spec, panels: panels.slice(photoSource ? 1 : 0) }, file));
  }
}

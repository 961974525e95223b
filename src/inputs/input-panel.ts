/**
 * The input, as the lecture opens: the original photo beside the model-size image the
 * network really sees (pixelated; grey for a 1-channel model), its tensor shape and dtype,
 * and the values of the pixel under the pointer. Photos come from a file, a drop, a paste,
 * the camera or the sample gallery (the `pickers` row, placed by the view).
 */
import type { InputPreview } from '../../worker/contract';
import { hasCamera, takeSnapshot } from './camera';
import { h, putPixels, setText } from '../views/dom';
import type { Messages } from '../languages/i18n';
import { closeOriginal, loadOriginal, PhotoView, type Original } from './photo';
import { filesOf } from './model-files';
import type { PreparedSource } from './sources';
import { grayscale, luma } from '../paint/grayscale';

/** Photos shipped in samples/ beside the script (CC0 / public domain, see ATTRIBUTION.md). */
export const SAMPLES = [
  { file: 'chelsea.png', label: 'sampleChelsea' },
  { file: 'coffee.png', label: 'sampleCoffee' },
  { file: 'astronaut.png', label: 'sampleAstronaut' },
  { file: 'rocket.jpg', label: 'sampleRocket' },
] as const;

/** A sample file's URL, resolved beside this script wherever the page embeds it. */
export function sampleUrl(file: string): string {
  return new URL(`./samples/${file}`, import.meta.url).href;
}

export interface InputPanelOptions {
  messages: Messages;
  /** A photo was chosen: a File/Blob, or a sample's URL. */
  onPick(source: Blob | string): void;
  /** Files dropped or pasted, to route to the photo or the model path; without it, the first file is the photo. */
  onFiles?(files: File[]): void;
  /** Something went wrong that the widget should show (the camera could not be opened). */
  onError(error: Error): void;
  /** Where the camera dialog is attached (the shadow root). */
  dialogParent: Node;
}

export class InputPanel {
  readonly element: HTMLElement;
  /** Choose a photo, the camera, the drop hint and the samples: one row the view places. */
  readonly pickers: HTMLElement;
  readonly attributionLine: HTMLElement;
  private readonly heading = h('h3');
  private readonly photo = new PhotoView('photo');
  private readonly photoCaption = h('figcaption');
  private readonly pixels = h('canvas', { class: 'model-input pixelated', tabindex: 0 });
  private readonly pixelsCaption = h('figcaption');
  private readonly tensor = h('code', { class: 'tensor' });
  private readonly resized = h('span', { class: 'resized' });
  private readonly readout = h('p', { class: 'readout' });
  private readonly fileInput = h('input', { type: 'file', accept: 'image/*', hidden: true });
  private readonly captureInput = h('input', { type: 'file', accept: 'image/*', capture: 'environment', hidden: true });
  private readonly fileButton = h('button', { type: 'button', class: 'primary' });
  private readonly cameraButton = h('button', { type: 'button', class: 'camera', hidden: true });
  private cameraAsked = false;
  private readonly dropHint = h('span', { class: 'hint drop-hint' });
  private readonly samplesHeading = h('span', { class: 'samples-label' });
  private readonly sampleButtons: HTMLButtonElement[] = [];
  private readonly attribution = h('span');
  private readonly attributionLink = h('a', { href: sampleUrl('ATTRIBUTION.html'), target: '_blank', rel: 'noopener' });
  private readonly gallery = h('div', { class: 'gallery' });
  private preview: InputPreview | null = null;
  /** Channels of the model's input: 1 shows grey and one value per pixel. */
  private channels = 3;
  /** The pixel whose values are shown, [x, y], or null. */
  private pixel: [number, number] | null = null;
  private name = '';
  /** A photo is on its way (the `src` attribute or a pick) and none is shown yet. */
  private waiting = false;
  private shown: Original | null = null;
  private photoToken = 0;
  private messages: Messages;

  constructor(private readonly options: InputPanelOptions) {
    this.messages = options.messages;
    this.element = h('section', { class: 'input-panel', tabindex: -1 }, [
      this.heading,
      h('div', { class: 'figures' }, [
        h('figure', {}, [h('div', { class: 'figure-box' }, this.photo.elements), this.photoCaption]),
        h('figure', {}, [h('div', { class: 'figure-box' }, [this.pixels]), this.pixelsCaption]),
      ]),
      h('p', { class: 'meta' }, [this.tensor, ' ', this.resized]),
      this.readout,
    ]);
    this.gallery.append(this.samplesHeading);
    this.pickers = h('div', { class: 'pickers' }, [this.fileButton, this.cameraButton, this.dropHint, this.fileInput, this.captureInput, this.gallery]);
    this.attributionLine = h('p', { class: 'attribution' }, [this.attribution, ' ', this.attributionLink]);
    this.fileButton.addEventListener('click', () => this.fileInput.click());
    this.fileInput.addEventListener('change', () => this.pickFile(this.fileInput.files?.[0] ?? null));
    this.cameraButton.addEventListener('click', () => void this.camera());
    this.pixels.addEventListener('pointermove', (event) => this.onPointer(event));
    this.pixels.addEventListener('pointerdown', (event) => this.onPointer(event));
    this.pixels.addEventListener('keydown', (event) => this.onKey(event));
    this.render();
  }

  /**
   * Shows the camera button if the device has a camera. Called once the first screen is
   * drawn: asking for the media devices makes the browser start its audio and video-capture
   * services, 70 ms of CPU before the first tile at ¼ core (bench/ab-cold.ts --variant camera).
   */
  detectCamera(): void {
    if (this.cameraAsked) return;
    this.cameraAsked = true;
    void hasCamera().then((yes) => (this.cameraButton.hidden = !yes));
  }

  /** Shows an image the worker has read: its name, the original photo and the model-size image the network sees. */
  showImage(source: PreparedSource, preview: InputPreview, channels: number, channelsFirst = false): void {
    this.name = source.name;
    this.waiting = false;
    this.pixel = null;
    this.preview = preview;
    this.channels = channels;
    const data = channels === 1 ? grayscale(preview.rgba) : preview.rgba;
    putPixels(this.pixels, { width: preview.width, height: preview.height, data });
    this.pixels.style.aspectRatio = `${preview.width} / ${preview.height}`;
    // In the model's own layout: PyTorch users know their input as (1, C, H, W).
    const [height, width] = [preview.height, preview.width];
    setText(this.tensor, channelsFirst ? `float32 (1, ${channels}, ${height}, ${width})` : `float32 (1, ${height}, ${width}, ${channels})`);
    this.render();
    const token = ++this.photoToken;
    void loadOriginal(source.image, preview.sourceWidth, preview.sourceHeight).then((original) => {
      if (token !== this.photoToken) return closeOriginal(original);
      this.setOriginal(original);
    });
  }

  /** The original photo as shown (for the zoom), or null. */
  get original(): Original | null {
    return this.shown;
  }

  /** Frees the photo (the widget left the page). */
  clear(): void {
    this.photoToken++;
    this.setOriginal(null);
  }

  /** A photo is being fetched and read (the caption says so until it shows). */
  loading(): void {
    if (this.preview) return;
    this.waiting = true;
    this.render();
  }

  /** The sample buttons with their thumbnails: built after the first screen is drawn. */
  showSamples(): void {
    if (this.sampleButtons.length > 0) return;
    this.gallery.append(...this.buildSamples());
    this.render();
  }

  /** Handles a paste for this widget; true if it held files. */
  paste(event: ClipboardEvent): boolean {
    const files = filesOf(event.clipboardData);
    if (files.length === 0) return false;
    event.preventDefault();
    this.give(files);
    return true;
  }

  /** A drag over any part of the widget: files may be dropped. */
  dragOver(event: DragEvent, over: HTMLElement): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    over.classList.add('dragging');
  }

  /** A drop on any part of the widget: photos take the photo path, anything else the model path (see model-files.ts). */
  drop(event: DragEvent, over: HTMLElement): void {
    over.classList.remove('dragging');
    const files = filesOf(event.dataTransfer);
    if (files.length === 0) return;
    event.preventDefault();
    this.give(files);
  }

  translate(messages: Messages): void {
    this.messages = messages;
    this.render();
  }

  private buildSamples(): HTMLButtonElement[] {
    for (const sample of SAMPLES) {
      const thumb = h('img', { src: sampleUrl(`thumbs/${sample.file.replace(/\.\w+$/, '.jpg')}`), alt: '', loading: 'lazy' });
      const button = h('button', { type: 'button', class: 'sample', 'data-sample': sample.file }, [thumb, h('span')]);
      thumb.addEventListener('error', () => (button.hidden = true), { once: true });
      button.addEventListener('click', () => this.options.onPick(sampleUrl(sample.file)));
      this.sampleButtons.push(button);
    }
    return this.sampleButtons;
  }

  private render(): void {
    const t = this.messages;
    setText(this.heading, t.inputHeading);
    setText(this.photoCaption, this.name ? `${t.originalPhoto} · ${this.name}` : this.waiting ? t.inputLoading : t.inputEmpty);
    this.photo.label(this.name ? `${t.originalPhoto}: ${this.name}` : t.originalPhoto);
    const p = this.preview;
    setText(this.pixelsCaption, p ? `${t.modelInput(p.width, p.height)}${this.channels === 1 ? ` (${t.grayInput})` : ''}` : '');
    setText(this.resized, p ? t.resizedFrom(p.sourceWidth, p.sourceHeight, p.width, p.height) : '');
    const hint = this.channels === 1 ? t.pixelHintGray : t.pixelHint;
    this.pixels.setAttribute('aria-label', p ? `${t.modelInput(p.width, p.height)}. ${hint}` : hint);
    this.renderPixel();
    setText(this.fileButton, t.chooseFile);
    setText(this.cameraButton, t.camera);
    setText(this.dropHint, t.dropHint);
    this.dropHint.title = t.dropHint;
    this.element.setAttribute('aria-label', t.dropZone);
    setText(this.samplesHeading, t.samples);
    this.sampleButtons.forEach((button, i) => {
      const label = t[SAMPLES[i].label];
      setText(button.querySelector('span')!, label);
    });
    setText(this.attribution, t.attribution);
    setText(this.attributionLink, t.attributionLink);
  }

  private setOriginal(original: Original | null): void {
    closeOriginal(this.shown);
    this.shown = original;
    this.photo.show(original);
  }

  private pickFile(file: File | null): void {
    // Picking the same file again must fire `change` again.
    this.fileInput.value = '';
    if (file) this.options.onPick(file);
  }

  private async camera(): Promise<void> {
    try {
      const blob = await takeSnapshot(this.options.dialogParent, this.captureInput, this.messages);
      if (blob) this.options.onPick(blob);
    } catch (error) {
      const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
      this.options.onError(new Error(`${this.messages.cameraError}${detail}`));
    }
  }

  private give(files: File[]): void {
    if (this.options.onFiles) this.options.onFiles(files);
    else this.options.onPick(files[0]);
  }

  private renderPixel(): void {
    const p = this.preview;
    const t = this.messages;
    if (!p || !this.pixel) {
      setText(this.readout, this.channels === 1 ? t.pixelHintGray : t.pixelHint);
      return;
    }
    // Shown as (row, col) from 0, the order of the array the network reads: x[0, row, col, :].
    const [x, y] = this.pixel;
    const i = (y * p.width + x) * 4;
    const [r, g, b] = [p.rgba[i], p.rgba[i + 1], p.rgba[i + 2]];
    setText(this.readout, this.channels === 1 ? t.pixelValueGray(y, x, luma(r, g, b)) : t.pixelValue(y, x, r, g, b));
  }

  private setPixel(x: number, y: number): void {
    const p = this.preview;
    if (!p) return;
    this.pixel = [Math.min(p.width - 1, Math.max(0, x)), Math.min(p.height - 1, Math.max(0, y))];
    this.renderPixel();
  }

  private onPointer(event: PointerEvent): void {
    const p = this.preview;
    const rect = this.pixels.getBoundingClientRect();
    if (!p || rect.width === 0) return;
    this.setPixel(Math.floor(((event.clientX - rect.left) / rect.width) * p.width), Math.floor(((event.clientY - rect.top) / rect.height) * p.height));
  }

  /** Arrow keys walk the pixels, so keyboard users can read the values too. */
  private onKey(event: KeyboardEvent): void {
    const moves: Record<string, [number, number]> = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
    const move = moves[event.key];
    if (!move || !this.preview) return;
    event.preventDefault();
    const [x, y] = this.pixel ?? [0, 0];
    this.setPixel(this.pixel ? x + move[0] : 0, this.pixel ? y + move[1] : 0);
  }
}

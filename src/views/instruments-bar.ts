/**
 * The cold-path side of the teaching instruments: the Grad-CAM button and the places the
 * instruments fill. Their code (views/instruments/) is a chunk of its own, loaded when the
 * button is used or when the page is idle after the first tiles; until then each hook
 * below is a no-op, and nothing of it delays the first screen.
 */
import { h, setText } from './dom';
import type { Lang, Messages } from '../languages/i18n';
import type { CompareDetail, Instruments, InstrumentsHost, InstrumentMounts } from './instruments/instruments';
import type { ZoomContent } from './zoom';

export type { CompareDetail, InstrumentsHost };

export class InstrumentsBar {
  /** Where the instruments' panels open (empty, and so without height, until one is used). */
  readonly element: HTMLElement;
  /** The buttons (Grad-CAM, compare). */
  readonly buttons: HTMLElement;
  /** The explanations ("What am I looking at?"), below the grids. */
  readonly about = h('div', { class: 'about-slot' });
  private readonly explainButtons = [0].map(() => h('button', { type: 'button', class: 'explain-open' }));
  private readonly compareButtons = [0].map(() => h('button', { type: 'button', class: 'compare-open' }));
  private loading: Promise<Instruments> | null = null;
  private instruments: Instruments | null = null;
  private lang: Lang = 'en';

  constructor(messages: Messages, private readonly host: InstrumentsHost, private readonly mounts: () => Omit<InstrumentMounts, 'explain' | 'about'>) {
    this.element = h('div', { class: 'instruments' });
    // Below the grids, with the explanations: the first screen (photo, prediction, first
    // tiles) has no room to spare, and anything added to it later would move it.
    this.buttons = h('div', { class: 'instrument-buttons' }, [this.explainButtons[0], this.compareButtons[0]]);
    this.about.append(this.buttons);
    for (const button of this.compareButtons) button.addEventListener('click', () => void this.load().then((instruments) => instruments.openCompare()));
    for (const button of this.explainButtons) button.addEventListener('click', () => void this.load().then((instruments) => instruments.openExplain()));
    this.translate('en', messages);
  }

  /** Loads the instruments (once). */
  load(): Promise<Instruments> {
    this.loading ??= import('./instruments/instruments').then(({ Instruments }) => {
      this.instruments = new Instruments(this.host, { ...this.mounts(), explain: this.element, about: this.about }, this.lang);
      return this.instruments;
    });
    this.loading.catch((error) => {
      this.loading = null;
      this.host.fail(error);
    });
    return this.loading;
  }

  /** Runs photo B beside the photo on show (el.compare); the instruments load first if they are not in. */
  compare(source: Blob | string): Promise<CompareDetail> {
    return this.load().then((instruments) => instruments.compare(source));
  }

  endCompare(): void {
    this.instruments?.endCompare();
  }

  newImage(): void {
    this.instruments?.newImage();
  }

  namesChanged(): void {
    this.instruments?.namesChanged();
  }

  modelChanged(): void {
    this.instruments?.modelChanged();
  }

  zoomOpened(content: ZoomContent): void {
    this.instruments?.zoomOpened(content);
  }

  translate(lang: Lang, messages: Messages): void {
    this.lang = lang;
    this.explainButtons.forEach((button) => setText(button, messages.explainOpen));
    this.compareButtons.forEach((button) => setText(button, messages.compareOpen));
    this.instruments?.translate(lang);
  }
}

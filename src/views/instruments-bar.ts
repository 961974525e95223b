/**
 * The cold-path side of the teaching instruments: the Grad-CAM button and the places the
 * instruments fill. Their code (views/instruments/) is a chunk of its own, loaded when the
 * button is used or when the page is idle after the first tiles; until then each hook
 * below is a no-op, and nothing of it delays the first screen.
 */
import { h, setText } from './dom';
import type { Lang, Messages } from '../languages/i18n';
import type { Instruments, InstrumentsHost, InstrumentMounts } from './instruments/instruments';
import type { ZoomContent } from './zoom';

export type { InstrumentsHost };

export class InstrumentsBar {
  readonly element: HTMLElement;
  private readonly explainButton = h('button', { type: 'button', class: 'explain-open' });
  private readonly compareButton = h('button', { type: 'button', class: 'compare-open' });
  private readonly about = h('div', { class: 'about-slot' });
  private loading: Promise<Instruments> | null = null;
  private instruments: Instruments | null = null;
  private lang: Lang = 'en';

  constructor(messages: Messages, private readonly host: InstrumentsHost, private readonly mounts: () => Omit<InstrumentMounts, 'explain' | 'about'>) {
    this.element = h('section', { class: 'instruments' }, [this.explainButton, this.compareButton, this.about]);
    this.compareButton.addEventListener('click', () => void this.load().then((instruments) => instruments.openCompare()));
    this.explainButton.addEventListener('click', () => void this.load().then((instruments) => instruments.openExplain()));
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
    setText(this.explainButton, messages.explainOpen);
    setText(this.compareButton, messages.compareOpen);
    this.instruments?.translate(lang);
  }
}

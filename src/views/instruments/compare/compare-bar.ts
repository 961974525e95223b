/**
 * The bar above the grids while two photos are compared: which photo is A and which is B
 * (the model-size input the network saw, the name, the top class), what each tile now
 * shows, and the two toggles: the difference A − B, and the end of the comparison.
 */
import type { ClassScore, InputPreview } from '../../../../worker/contract';
import { grayscale } from '../../../paint/grayscale';
import { h, putPixels, setText } from '../../dom';
import type { InstrumentMessages } from '../messages';

export interface PhotoFacts {
  name: string | null;
  preview: InputPreview | null;
  top: ClassScore | null;
  /** The top class's name as shown (the page's language). */
  className: string | null;
}

export interface CompareBarActions {
  onDifference(on: boolean): void;
  onEnd(): void;
}

class PhotoBadge {
  readonly canvas = h('canvas', { class: 'compare-thumb pixelated', 'aria-hidden': 'true' });
  readonly text = h('span', { class: 'compare-photo-text' });
  readonly element: HTMLElement;

  constructor(readonly which: 'A' | 'B') {
    this.element = h('p', { class: `compare-photo compare-photo-${which.toLowerCase()}` }, [
      this.canvas, h('strong', { class: 'compare-letter' }, [which]), this.text,
    ]);
  }

  show(t: InstrumentMessages, facts: PhotoFacts, gray: boolean): void {
    const { preview } = facts;
    this.canvas.hidden = !preview;
    if (preview) putPixels(this.canvas, { width: preview.width, height: preview.height, data: gray ? grayscale(preview.rgba) : preview.rgba });
    const prediction = facts.top && facts.className ? t.comparePrediction(facts.className, (facts.top.probability * 100).toFixed(1)) : t.compareNoPrediction;
    setText(this.text, `${facts.name ?? '—'} · ${prediction}`);
  }
}

export class CompareBar {
  readonly element: HTMLElement;
  private readonly a = new PhotoBadge('A');
  private readonly b = new PhotoBadge('B');
  private readonly heading = h('h4', { class: 'compare-bar-heading' });
  private readonly about = h('p', { class: 'hint compare-bar-about' });
  private readonly diffBox = h('input', { type: 'checkbox', class: 'compare-diff' });
  private readonly diffText = h('span');
  private readonly endButton = h('button', { type: 'button', class: 'compare-end' });
  private shown: { a: PhotoFacts; b: PhotoFacts; gray: boolean } | null = null;

  constructor(private t: InstrumentMessages, actions: CompareBarActions) {
    this.element = h('section', { class: 'compare-bar', hidden: true, 'aria-labelledby': 'cl-compare-bar' }, [
      h('div', { class: 'compare-bar-head' }, [this.heading, h('div', { class: 'compare-photos' }, [this.a.element, this.b.element])]),
      h('div', { class: 'compare-bar-controls' }, [
        h('label', { class: 'compare-diff-label' }, [this.diffBox, ' ', this.diffText]), this.endButton,
      ]),
      this.about,
    ]);
    this.heading.id = 'cl-compare-bar';
    this.diffBox.addEventListener('change', () => actions.onDifference(this.diffBox.checked));
    this.endButton.addEventListener('click', () => actions.onEnd());
    this.translate(t);
  }

  /** Shows the bar for photos `a` and `b` (inputs drawn grey for a one-channel model). */
  show(a: PhotoFacts, b: PhotoFacts, gray: boolean): void {
    this.shown = { a, b, gray };
    this.element.hidden = false;
    this.a.show(this.t, a, gray);
    this.b.show(this.t, b, gray);
  }

  hide(): void {
    this.shown = null;
    this.element.hidden = true;
    this.diffBox.checked = false;
  }

  get difference(): boolean {
    return this.diffBox.checked;
  }

  /** Moves keyboard focus to the bar's first control (a comparison just started). */
  focus(): void {
    this.diffBox.focus();
  }

  translate(t: InstrumentMessages): void {
    this.t = t;
    setText(this.heading, t.compareBarHeading);
    setText(this.about, t.compareBarAbout);
    setText(this.diffText, t.compareDifference);
    setText(this.endButton, t.compareEnd);
    if (this.shown) this.show(this.shown.a, this.shown.b, this.shown.gray);
  }
}

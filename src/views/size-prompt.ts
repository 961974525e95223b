/**
 * The model card's question for a graph that leaves its input size open (an ONNX export
 * with dynamic axes): height and width in pixels, then the files are read again at that
 * size. Shown under the refusal that asked for it; hidden again once a model is shown.
 */
import { h, setText } from './dom';
import type { Messages } from '../languages/i18n';

/** Sizes the engine is asked to run (the image is resized to it, as for any model). */
const MIN_SIDE = 8;
const MAX_SIDE = 1024;

export class SizePrompt {
  readonly element: HTMLFormElement;
  private readonly headline = h('strong', { class: 'card-headline' });
  private readonly heightLabel = h('span');
  private readonly widthLabel = h('span');
  private readonly heightInput = h('input', { type: 'number', class: 'size-height', min: MIN_SIDE, max: MAX_SIDE, value: 224, required: true });
  private readonly widthInput = h('input', { type: 'number', class: 'size-width', min: MIN_SIDE, max: MAX_SIDE, value: 224, required: true });
  private readonly error = h('p', { class: 'card-error', role: 'alert', hidden: true });
  private readonly apply = h('button', { type: 'submit', class: 'primary size-apply' });
  private onSize: ((size: [number, number]) => void) | null = null;
  private name = '';

  constructor(private messages: Messages) {
    this.element = h('form', { class: 'card-ask card-size', hidden: true }, [
      this.headline,
      h('label', {}, [this.heightLabel, ' ', this.heightInput]),
      h('label', {}, [this.widthLabel, ' ', this.widthInput]),
      this.error, this.apply,
    ]);
    this.element.addEventListener('submit', (event) => this.submit(event));
    this.render();
  }

  /** Asks the size for the files named `name`; `onSize` reads them again at the answer. */
  ask(name: string, onSize: (size: [number, number]) => void): void {
    this.name = name;
    this.onSize = onSize;
    this.element.hidden = false;
    this.error.hidden = true;
    this.render();
    this.heightInput.focus();
  }

  hide(): void {
    this.element.hidden = true;
    this.onSize = null;
  }

  translate(messages: Messages): void {
    this.messages = messages;
    this.render();
  }

  private submit(event: Event): void {
    event.preventDefault();
    const side = (input: HTMLInputElement) => Number(input.value);
    const size: [number, number] = [side(this.heightInput), side(this.widthInput)];
    const valid = size.every((n) => Number.isInteger(n) && n >= MIN_SIDE && n <= MAX_SIDE);
    this.error.hidden = valid;
    if (!valid || !this.onSize) return;
    const onSize = this.onSize;
    this.hide();
    onSize(size);
  }

  private render(): void {
    const t = this.messages;
    setText(this.headline, t.sizeAsk(this.name));
    setText(this.heightLabel, t.sizeHeight);
    setText(this.widthLabel, t.sizeWidth);
    setText(this.error, t.sizeInvalid(MIN_SIDE, MAX_SIDE));
    setText(this.apply, t.cardApply);
  }
}

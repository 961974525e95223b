/**
 * The model panel under the summary: which model is in use, a "Choose a model" button, and
 * the model card. A Keras file does not say how its pixels were scaled or what its classes
 * are, so for such a model (`metadata.known === false`) the card asks, with the lecture's
 * defaults (0–255, classes named by index), and for a 3-channel model the per-channel
 * normalisation (none, or ImageNet's mean/std, which ONNX files never carry); otherwise it
 * shows what the model says, including that a model ending in logits gets a softmax.
 * Class and file names come from the student's files: only ever text.
 */
import type { ModelSummary } from '../../worker/contract';
import { h, setText } from './dom';
import type { Messages } from '../languages/i18n';
import { SizePrompt } from './size-prompt';
import { IMAGENET, checkClassNames, classCount, filesOf, indexNames, isImagenet, parseClassNames, type CardAnswer } from '../inputs/model-files';

/** The two pixel scales a card offers: 1 is raw 0–255 pixels (the lecture), 1/255 is [0, 1]. */
export const PIXEL_SCALES = { raw: 1, unit: 1 / 255 } as const;

/** How many class names the read-only card lists before "…". */
const LISTED_NAMES = 6;
export interface ModelCardOptions {
  messages: Messages;
  /** The student answered the card. */
  onApply(answer: CardAnswer): void;
  /** Files chosen with "Choose a model". */
  onFiles(files: File[]): void;
  /** Files dropped on this panel (routed like a drop on the photo, when given). */
  onDrop?(files: File[]): void;
}

/** Which of PIXEL_SCALES `pixelScale` is, or null for any other scale. */
export function scaleKind(pixelScale: number): keyof typeof PIXEL_SCALES | null {
  if (pixelScale === PIXEL_SCALES.raw) return 'raw';
  return Math.abs(pixelScale * 255 - 1) < 1e-6 ? 'unit' : null;
}

export class ModelCard {
  readonly element: HTMLElement;
  private readonly heading = h('h3', { class: 'model-heading' });
  private readonly inUse = h('span', { class: 'model-in-use' });
  private readonly fileInput = h('input', { type: 'file', multiple: true, hidden: true, class: 'model-file' });
  private readonly chooseButton = h('button', { type: 'button', class: 'choose-model' });
  private readonly dropHint = h('span', { class: 'hint drop-hint' });
  private readonly loadingText = h('p', { class: 'model-loading', role: 'status', hidden: true });
  private readonly facts = h('ul', { class: 'card-facts' });
  private readonly editButton = h('button', { type: 'button', class: 'card-edit', hidden: true });
  private readonly known = h('div', { class: 'card-known' }, [this.facts, this.editButton]);
  private readonly askHeadline = h('strong', { class: 'card-headline' });
  private readonly askHint = h('p', { class: 'hint' });
  private readonly scaleLegend = h('legend');
  private readonly rawRadio = h('input', { type: 'radio', name: 'pixel-scale', value: 'raw', checked: true });
  private readonly unitRadio = h('input', { type: 'radio', name: 'pixel-scale', value: 'unit' });
  private readonly rawText = h('span');
  private readonly unitText = h('span');
  private readonly normLegend = h('legend');
  private readonly normNone = h('input', { type: 'radio', name: 'normalization', value: 'none', checked: true });
  private readonly normImagenet = h('input', { type: 'radio', name: 'normalization', value: 'imagenet' });
  private readonly normNoneText = h('span');
  private readonly normImagenetText = h('span');
  private readonly normField = h('fieldset', { class: 'card-normalization' });
  private readonly logitsNote = h('p', { class: 'hint card-logits-note', hidden: true });
  private readonly namesLabel = h('span');
  private readonly namesInput = h('input', { type: 'text', class: 'class-names', autocomplete: 'off', spellcheck: false });
  private readonly askError = h('p', { class: 'card-error', role: 'alert', hidden: true });
  private readonly applyButton = h('button', { type: 'submit', class: 'primary card-apply' });
  private readonly ask = h('form', { class: 'card-ask', hidden: true });
  private readonly sizePrompt: SizePrompt;
  private summary: ModelSummary | null = null;
  /** Class names in the widget's language (the model's own when null). */
  private names: string[] | null = null;
  private source = '';
  private answered = false;
  private editing = false;
  private loadingNames: string | null = null;
  private error: 'count' | 'empty' | null = null;
  private messages: Messages;

  constructor(private readonly options: ModelCardOptions) {
    this.messages = options.messages;
    this.sizePrompt = new SizePrompt(options.messages);
    this.ask.append(
      this.askHeadline, this.askHint,
      h('fieldset', { class: 'card-scale' }, [
        this.scaleLegend,
        h('label', {}, [this.rawRadio, ' ', this.rawText]),
        h('label', {}, [this.unitRadio, ' ', this.unitText]),
      ]),
      this.normField,
      h('label', { class: 'card-names' }, [this.namesLabel, this.namesInput]),
      this.logitsNote,
      this.askError, this.applyButton,
    );
    this.normField.append(this.normLegend, h('label', {}, [this.normNone, ' ', this.normNoneText]), h('label', {}, [this.normImagenet, ' ', this.normImagenetText]));
    // One compact bar and one line of facts: the layers below stay near the top of the page.
    this.element = h('section', { class: 'model-panel' }, [
      h('div', { class: 'model-bar' }, [this.heading, this.inUse, this.chooseButton, this.dropHint, this.fileInput]),
      this.loadingText, this.known, this.ask, this.sizePrompt.element,
    ]);
    this.chooseButton.addEventListener('click', () => this.fileInput.click());
    this.fileInput.addEventListener('change', () => this.picked());
    this.editButton.addEventListener('click', () => this.edit());
    this.ask.addEventListener('submit', (event) => this.submit(event));
    this.element.addEventListener('dragover', (event) => this.onDragOver(event));
    this.element.addEventListener('dragleave', () => this.element.classList.remove('dragging'));
    this.element.addEventListener('drop', (event) => this.onDropped(event));
    this.render();
  }

  /**
   * Shows the model in use: `source` names it (file names or the URL's last segment),
   * `answered` says its card was answered by the student (it can then be changed).
   */
  show(summary: ModelSummary, source: string, answered: boolean): void {
    this.sizePrompt.hide();
    this.summary = summary;
    this.source = source;
    this.answered = answered;
    this.editing = false;
    this.error = null;
    this.fill(summary);
    this.render();
  }

  /** Class names to list in the widget's language, or null for the model's own. */
  setNames(names: string[] | null): void {
    this.names = names;
    this.render();
  }

  /** Files are being read (`names`), or no longer (null). */
  loading(names: string | null): void {
    this.loadingNames = names;
    this.render();
  }

  translate(messages: Messages): void {
    this.messages = messages;
    this.sizePrompt.translate(messages);
    this.render();
  }

  /** Asks the input size of the files `name`, whose graph leaves it open; `onSize` reads them again. */
  askSize(name: string, onSize: (size: [number, number]) => void): void {
    this.sizePrompt.ask(name, onSize);
  }

  /** True while the card asks (the model's metadata is unknown, or the student changes an answer). */
  get asking(): boolean {
    return this.summary !== null && (this.summary.metadata.known === false || this.editing);
  }

  /** Puts the model's current pixel scale and class names into the form. */
  private fill(summary: ModelSummary): void {
    const { pixelScale, classNames } = summary.metadata;
    const unit = scaleKind(pixelScale) === 'unit';
    this.rawRadio.checked = !unit;
    this.unitRadio.checked = unit;
    const imagenet = isImagenet(summary.metadata);
    this.normImagenet.checked = imagenet;
    this.normNone.checked = !imagenet;
    this.namesInput.value = (classNames ?? indexNames(classCount(summary) ?? 0)).join(', ');
  }

  private picked(): void {
    const files = Array.from(this.fileInput.files ?? []);
    // Choosing the same file again must fire `change` again.
    this.fileInput.value = '';
    if (files.length > 0) this.options.onFiles(files);
  }

  private onDragOver(event: DragEvent): void {
    if (!this.options.onDrop || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.element.classList.add('dragging');
  }

  private onDropped(event: DragEvent): void {
    this.element.classList.remove('dragging');
    const files = filesOf(event.dataTransfer);
    if (!this.options.onDrop || files.length === 0) return;
    event.preventDefault();
    this.options.onDrop(files);
  }

  private edit(): void {
    if (!this.summary) return;
    this.editing = true;
    this.fill(this.summary);
    this.render();
    this.namesInput.focus();
  }

  private submit(event: Event): void {
    event.preventDefault();
    if (!this.summary) return;
    const checked = checkClassNames(parseClassNames(this.namesInput.value), classCount(this.summary));
    this.error = 'error' in checked ? checked.error : null;
    this.render();
    if ('error' in checked) return;
    const pixelScale = this.unitRadio.checked ? PIXEL_SCALES.unit : PIXEL_SCALES.raw;
    const answer: CardAnswer = { pixelScale, classNames: checked.names };
    if (this.asksNormalization()) {
      answer.mean = this.normImagenet.checked ? [...IMAGENET.mean] : null;
      answer.std = this.normImagenet.checked ? [...IMAGENET.std] : null;
    }
    this.options.onApply(answer);
  }

  /** Normalisation is asked for colour models only (ImageNet's statistics are per RGB channel). */
  private asksNormalization(): boolean {
    return this.summary?.inputShape[2] === 3;
  }

  private render(): void {
    const t = this.messages;
    setText(this.heading, t.modelHeading);
    setText(this.inUse, this.source ? t.modelInUse(this.source) : '');
    setText(this.chooseButton, t.chooseModel);
    setText(this.dropHint, t.modelDropHint);
    this.loadingText.hidden = this.loadingNames === null;
    setText(this.loadingText, this.loadingNames === null ? '' : t.modelReading(this.loadingNames));
    this.known.hidden = !this.summary || this.asking;
    this.ask.hidden = !this.asking;
    this.editButton.hidden = !this.answered;
    setText(this.editButton, t.cardChange);
    this.renderFacts();
    this.renderAsk();
  }

  private renderFacts(): void {
    const summary = this.summary;
    if (!summary) return this.facts.replaceChildren();
    const t = this.messages;
    const { pixelScale, source } = summary.metadata;
    const classNames = this.names ?? summary.metadata.classNames;
    const count = classNames?.length ?? classCount(summary) ?? 0;
    const listed = classNames ? classNames.slice(0, LISTED_NAMES).join(', ') + (classNames.length > LISTED_NAMES ? ', …' : '') : '';
    const facts = [
      h('li', { class: 'card-classes' }, [classNames ? t.cardClasses(count, listed) : t.cardIndexClasses(count)]),
      h('li', { class: 'card-pixels' }, [t.cardPixels(this.scaleText(pixelScale))]),
      // The file name only: a content hash is a developer's detail (it stays in the title).
      h('li', { class: 'card-source', title: source ?? this.source }, [t.cardSource((source ?? this.source).split(' ')[0])]),
    ];
    if (scaleKind(pixelScale) === 'unit') facts.splice(2, 0, h('li', { class: 'card-why' }, [t.cardUnitWhy]));
    const { mean, std } = summary.metadata;
    if (mean && std) facts.splice(facts.length - 1, 0, h('li', { class: 'card-norm' }, [t.cardNormFact(mean.join(', '), std.join(', '))]));
    if (summary.outputs === 'logits') facts.splice(facts.length - 1, 0, h('li', { class: 'card-logits' }, [t.cardLogits]));
    if (this.answered) facts.push(h('li', { class: 'card-answered' }, [t.cardAnswered]));
    this.facts.replaceChildren(...facts);
  }

  private renderAsk(): void {
    const t = this.messages;
    const count = this.summary ? classCount(this.summary) : null;
    setText(this.askHeadline, t.cardAskHeadline);
    setText(this.askHint, t.cardAskHint);
    setText(this.scaleLegend, t.cardPixelScale);
    setText(this.rawText, t.cardScaleRaw);
    setText(this.unitText, t.cardScaleUnit);
    setText(this.namesLabel, t.cardClassNames(count ?? 0));
    this.normField.hidden = !this.asksNormalization();
    setText(this.normLegend, t.cardNormalization);
    setText(this.normNoneText, t.cardNormNone);
    setText(this.normImagenetText, t.cardNormImagenet);
    this.logitsNote.hidden = this.summary?.outputs !== 'logits';
    setText(this.logitsNote, t.cardLogits);
    setText(this.applyButton, t.cardApply);
    const given = parseClassNames(this.namesInput.value).length;
    this.askError.hidden = this.error === null;
    setText(this.askError, this.error === 'count' ? t.cardClassCount(count ?? 0, given) : this.error === 'empty' ? t.cardClassEmpty : '');
    this.namesInput.setAttribute('aria-invalid', String(this.error !== null));
  }

  private scaleText(pixelScale: number): string {
    const kind = scaleKind(pixelScale);
    const t = this.messages;
    return kind === 'raw' ? t.cardScaleRaw : kind === 'unit' ? t.cardScaleUnit : t.cardScaleOther(String(pixelScale));
  }
}

/**
 * Compare, where it starts: photo A is the one on show; photo B is chosen here (a file or a
 * sample) and computed beside it on a second worker channel. Once B is in, every grid and
 * the zoom show both (CompareMode); this panel says so and can take another B.
 */
import type { ClassScore } from '../../../../worker/contract';
import type { OtherRun } from '../../../element/session';
import type { Activation } from '../../../paint/paint';
import { h, setText } from '../../dom';
import type { InstrumentMessages } from '../messages';
import type { PhotoB } from './compare-mode';

export interface CompareHost {
  /** Runs photo B; its `name` is the file's or the URL's last segment. */
  compare(source: Blob | string): Promise<OtherRun & { name: string }>;
  activation(layer: string): Activation | null;
  prediction(): ClassScore[] | null;
  samples(): { url: string; label: string }[];
  fail(error: unknown): void;
}

export class ComparePanel {
  readonly element: HTMLElement;
  private readonly heading = h('h3');
  private readonly about = h('p', { class: 'hint' });
  private readonly fileLabel = h('span');
  private readonly file = h('input', { type: 'file', accept: 'image/*', class: 'compare-file' });
  private readonly sampleLabel = h('span');
  private readonly sample = h('select', { class: 'compare-sample' });
  private readonly status = h('p', { class: 'compare-status', 'aria-live': 'polite' });
  private state: 'idle' | 'computing' | 'comparing' = 'idle';
  private token = 0;

  constructor(private readonly host: CompareHost, private t: InstrumentMessages, private readonly onPhoto: (photo: PhotoB) => void) {
    this.element = h('section', { class: 'panel compare', 'aria-busy': 'false' }, [
      this.heading, this.about,
      h('div', { class: 'explain-controls' }, [h('label', {}, [this.fileLabel, this.file]), h('label', {}, [this.sampleLabel, this.sample])]),
      this.status,
    ]);
    this.file.addEventListener('change', () => this.file.files?.[0] && void this.run(this.file.files[0]).catch(() => undefined));
    this.sample.addEventListener('change', () => this.sample.value && void this.run(this.sample.value).catch(() => undefined));
    this.translate(t);
  }

  /** Runs photo B and starts the comparison with it; a later B replaces it. Rejects (after saying so in the widget) if B cannot be run. */
  async run(source: Blob | string): Promise<PhotoB> {
    const token = ++this.token;
    this.element.setAttribute('aria-busy', 'true');
    this.setState('computing');
    try {
      const other = await this.host.compare(source);
      const photo: PhotoB = { layers: other.layers, prediction: other.prediction, preview: other.preview, name: other.name };
      if (token === this.token) {
        this.setState('comparing');
        this.onPhoto(photo);
      }
      return photo;
    } catch (error) {
      if (token === this.token) this.setState('idle');
      this.host.fail(error);
      throw error;
    } finally {
      if (token === this.token) this.element.setAttribute('aria-busy', 'false');
    }
  }

  /** The comparison ended (or the model changed): B is gone. */
  ended(): void {
    this.setState('idle');
    this.sample.value = '';
    this.file.value = '';
  }

  translate(t: InstrumentMessages): void {
    this.t = t;
    setText(this.heading, t.compareHeading);
    setText(this.about, t.compareAbout);
    setText(this.fileLabel, t.compareFile);
    setText(this.sampleLabel, t.compareSample);
    const value = this.sample.value;
    this.sample.replaceChildren(h('option', { value: '' }, ['—']), ...this.host.samples().map((s) => h('option', { value: s.url }, [s.label])));
    this.sample.value = value;
    this.setState(this.state);
  }

  private setState(state: 'idle' | 'computing' | 'comparing'): void {
    this.state = state;
    this.element.dataset.state = state;
    setText(this.status, state === 'computing' ? this.t.compareComputing : state === 'comparing' ? this.t.compareShown : '');
  }
}

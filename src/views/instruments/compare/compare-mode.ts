/**
 * A comparison in progress: photo A stays the one on show, photo B's layers (computed once,
 * on a second worker channel) go beside A's in every grid and in the zoom, the bar above
 * the grids names both; ending it gives the grids back their plain tiles.
 */
import type { ClassScore, InputPreview, LayerResult, Prediction } from '../../../../worker/contract';
import { channelPixels, fromLayerStats, unionRange, type Normalize, type PixelBuffer } from '../../../paint/paint';
import { differencePixels } from '../../../paint/compare-paint';
import type { LayerGrid } from '../../layer-grid';
import type { InstrumentMessages } from '../messages';
import { CompareBar, type PhotoFacts } from './compare-bar';
import { compareTiles } from './compare-tiles';
import type { ZoomPair } from './compare-zoom';

/** Photo B as computed: every drawn layer, the prediction, the input the network saw, its name. */
export interface PhotoB {
  layers: LayerResult[];
  prediction: Prediction | null;
  preview: InputPreview | null;
  name: string;
}

export interface CompareModeHost {
  grids(): readonly LayerGrid[];
  normalize(): Normalize;
  /** Photo A: the input the network saw, its name, its top classes. */
  preview(): InputPreview | null;
  photoName(): string | null;
  prediction(): ClassScore[] | null;
  /** Class names in the page's language, or null for the model's. */
  names(): string[] | null;
  /** One input channel (the inputs are drawn grey). */
  gray(): boolean;
  /** The comparison started or ended, or A − B was switched: the zoom follows. */
  changed(): void;
}

/** The key under which the comparison's tiles are added to a grid. */
const EXTRA = 'compare';

export class CompareMode {
  readonly bar: CompareBar;
  private photo: PhotoB | null = null;
  private results = new Map<string, LayerResult>();

  constructor(private readonly host: CompareModeHost, private t: InstrumentMessages) {
    this.bar = new CompareBar(t, { onDifference: () => this.apply(), onEnd: () => this.end() });
  }

  get active(): boolean {
    return this.photo !== null;
  }

  /** Compares the photo on show with `photo`: every grid shows A | B. */
  start(photo: PhotoB): void {
    this.photo = photo;
    this.results = new Map(photo.layers.map((layer) => [layer.name, layer]));
    this.apply();
  }

  /** Back to the plain grids. */
  end(): void {
    if (!this.photo) return;
    this.photo = null;
    this.results.clear();
    this.bar.hide();
    for (const grid of this.host.grids()) grid.setExtra(EXTRA, null);
    this.host.changed();
  }

  /** What the zoom shows beside A's map of `layer`, or null outside a comparison. */
  zoomPair(layer: string): ZoomPair | null {
    const b = this.results.get(layer);
    return this.photo && b ? { b, difference: this.bar.difference, names: { a: this.host.photoName(), b: this.photo.name } } : null;
  }

  /** The maps of a grid's tile i for a figure while comparing (A, B on the pair's range, A − B), or null. */
  figureMaps(grid: LayerGrid): { panels: number; maps(i: number): PixelBuffer[] } | null {
    const b = this.results.get(grid.name);
    const a = grid.activation;
    if (!this.photo || !b || !a) return null;
    const difference = this.bar.difference;
    return {
      panels: difference ? 3 : 2,
      maps: (i) => {
        const range = grid.tileRange(i) ?? { min: 0, max: 0 };
        const maps: PixelBuffer[] = [channelPixels(a, i, range), channelPixels(b, i, range)];
        if (difference) maps.push(differencePixels(a, b, i));
        return maps;
      },
    };
  }

  /** "A: chelsea.png · B: coffee.png", for figures. */
  names(): string {
    return `A: ${this.host.photoName() ?? '—'} · B: ${this.photo?.name ?? '—'}`;
  }

  /** Photo A changed (a new image, its prediction, the language): the bar says so. */
  refresh(): void {
    if (this.photo) this.bar.show(this.facts('a'), this.facts('b'), this.host.gray());
  }

  translate(t: InstrumentMessages): void {
    this.t = t;
    this.bar.translate(t);
    this.refresh();
    // The tiles' names are the grids' to renew (they relabel on translate).
  }

  /** Adds the pairs to every grid B has a result for (again, with or without A − B). */
  private apply(): void {
    const photo = this.photo;
    if (!photo) return;
    const bGlobal = unionRange(photo.layers.flatMap((layer) => fromLayerStats(layer.stats)));
    const difference = this.bar.difference;
    for (const grid of this.host.grids()) {
      const b = this.results.get(grid.name);
      grid.setExtra(EXTRA, b ? compareTiles({ b, difference, bGlobal, normalize: this.host.normalize, messages: () => this.t }) : null);
    }
    this.refresh();
    this.host.changed();
  }

  private facts(which: 'a' | 'b'): PhotoFacts {
    const top = which === 'a' ? this.host.prediction()?.[0] ?? null : this.photo?.prediction?.top[0] ?? null;
    const className = top ? this.host.names()?.[top.index] ?? top.name : null;
    if (which === 'a') return { name: this.host.photoName(), preview: this.host.preview(), top, className };
    return { name: this.photo?.name ?? null, preview: this.photo?.preview ?? null, top, className };
  }
}

/**
 * What a layer's grid says in words: its header (name, shape, inactive filters, compute
 * time), the placeholder over the atlas until the layer is computed (waiting, computing,
 * weights downloading), and the "showing the first 256 of 512" line.
 */
import type { SummaryRow } from '../../worker/contract';
import { busyStrip, h, setText } from './dom';
import { formatValue, type Messages } from '../languages/i18n';
import { inactiveCount, type ChannelStats } from '../paint/paint';
import { rowShape } from './summary-table';

export type GridState = { kind: 'waiting' } | { kind: 'computing' } | { kind: 'weights'; loaded: number; total: number } | { kind: 'done' };

export interface GridFacts {
  state: GridState;
  stats: ChannelStats[] | null;
  ms: number;
  fetchMs: number;
  count: number;
  shown: number;
}

let gridCounter = 0;

export class GridStatus {
  readonly header: HTMLElement;
  readonly placeholder = h('div', { class: 'placeholder' });
  readonly more: HTMLElement;
  readonly moreButton = h('button', { type: 'button', class: 'show-all' });
  readonly headingId = `cl-layer-${++gridCounter}`;
  private readonly bar = h('progress', { class: 'bar' });
  private readonly busy = busyStrip();
  private readonly text = h('span', { class: 'placeholder-text' });
  private readonly inactiveText = h('span', { class: 'inactive' });
  private readonly timeText = h('span', { class: 'time' });
  private readonly moreText = h('span');

  constructor(row: SummaryRow, private readonly formatBytes: (bytes: number) => string) {
    this.placeholder.append(this.bar, this.busy, this.text);
    this.header = h('header', { class: 'layer-head' }, [
      h('h4', { id: this.headingId }, [row.name]), h('code', { class: 'shape' }, [rowShape(row)]), this.inactiveText, this.timeText,
    ]);
    this.more = h('p', { class: 'more' }, [this.moreText, ' ', this.moreButton]);
  }

  render(t: Messages, facts: GridFacts): void {
    const { state, stats } = facts;
    this.placeholder.hidden = state.kind === 'done';
    this.busy.hidden = state.kind !== 'computing';
    if (state.kind === 'weights') {
      this.bar.hidden = false;
      this.bar.max = state.total;
      this.bar.value = state.loaded;
      setText(this.text, t.layerWeights(this.formatBytes(state.loaded), this.formatBytes(state.total)));
    } else {
      this.bar.hidden = true;
      setText(this.text, state.kind === 'computing' ? t.layerComputing : t.layerWaiting);
    }
    setText(this.inactiveText, stats ? t.inactive(inactiveCount(stats), facts.count) : '');
    const time = stats ? t.layerTime(facts.ms.toFixed(1), facts.fetchMs >= 1 ? facts.fetchMs.toFixed(0) : null) : '';
    setText(this.timeText, time);
    // A phone cuts the line short (one line, so the tiles do not move down): the whole of it on hover.
    this.timeText.title = time;
    this.more.hidden = facts.shown === facts.count;
    setText(this.moreText, t.showingFirst(facts.shown, facts.count));
    setText(this.moreButton, t.showAll(facts.count));
  }
}

/** A tile's accessible name: its value peak and share of zeros, or that it is not computed yet. */
export function tileLabel(t: Messages, layer: string, index: number, count: number, stats: ChannelStats | undefined): string {
  return stats
    ? t.tileName(layer, index, count, formatValue(stats.max), Math.round(stats.zeroFraction * 100))
    : t.tilePending(layer, index, count);
}

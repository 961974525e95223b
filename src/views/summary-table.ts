/**
 * The Keras-style model summary: one row per layer (name and type, output shape, parameter
 * count) and the totals, with the layers drawn above marked and linked to their grids.
 * Folded under one line, so the first screen keeps the photo, the tiles and the prediction.
 */
import type { ModelSummary, SummaryRow } from '../../worker/contract';
import { h, setText } from './dom';
import { formatCount, type Messages } from '../languages/i18n';

/** Keras' notation for an output shape: (None, 30, 30, 32). */
export function formatShape(shape: readonly (number | null)[]): string {
  const parts = shape.map((d) => (d === null ? 'None' : String(d)));
  return `(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
}

/**
 * A row's shape as its model writes it: ONNX's channels-first `(1, 32, 30, 30)` when the
 * model is channels-first (its summary row has a sourceShape), Keras' `(None, 30, 30, 32)` otherwise.
 */
export function rowShape(row: Pick<SummaryRow, 'outputShape' | 'sourceShape'>): string {
  return formatShape(row.sourceShape ?? row.outputShape);
}

export class SummaryTable {
  readonly element: HTMLElement;
  private readonly heading = h('summary', { class: 'summary-toggle' });
  private readonly region = h('div', { class: 'table-scroll', tabindex: 0, role: 'region' });
  private readonly caption = h('caption');
  private readonly head = h('thead');
  private readonly body = h('tbody');
  private readonly totals = h('div', { class: 'totals' });
  private summary: ModelSummary | null = null;
  private shown = new Set<string>();
  private messages: Messages;

  /** `onGoTo(layer)`: a drawn layer's row was followed to its grid. */
  constructor(messages: Messages, private readonly onGoTo: (layer: string) => void = () => undefined) {
    this.messages = messages;
    const table = h('table', { class: 'summary' }, [this.caption, this.head, this.body]);
    this.region.append(table);
    this.element = h('details', { class: 'panel summary-panel' }, [this.heading, this.region, this.totals]);
    this.body.addEventListener('click', (event) => {
      const link = (event.target as Element).closest<HTMLElement>('button.to-grid');
      if (link?.dataset.layer) this.onGoTo(link.dataset.layer);
    });
    this.render();
  }

  /** Shows `summary`, marking the layers in `shown` as visualised. */
  show(summary: ModelSummary, shown: readonly string[]): void {
    this.summary = summary;
    this.shown = new Set(shown);
    this.render();
  }

  translate(messages: Messages): void {
    this.messages = messages;
    this.render();
  }

  private render(): void {
    const t = this.messages;
    const summary = this.summary;
    setText(this.heading, summary ? t.summaryToggle(summary.rows.length, formatCount(summary.totalParams)) : t.summaryHeading);
    this.region.setAttribute('aria-label', t.summaryHeading);
    this.head.replaceChildren(
      h('tr', {}, [h('th', { scope: 'col' }, [t.colLayer]), h('th', { scope: 'col' }, [t.colShape]), h('th', { scope: 'col', class: 'num' }, [t.colParams])]),
    );
    if (!summary) return;
    setText(this.caption, t.summaryModel(summary.modelName));
    this.body.replaceChildren(...summary.rows.map((row) => {
      const marked = this.shown.has(row.name);
      return h('tr', { class: marked ? 'shown' : null, 'data-layer': row.name }, [
        h('td', {}, [
          h('span', { class: 'mark', 'aria-hidden': 'true' }, [marked ? '●' : '']),
          marked
            ? h('button', { type: 'button', class: 'to-grid', 'data-layer': row.name, title: t.toGrid(row.name), 'aria-label': `${row.name} (${row.type}) — ${t.toGrid(row.name)}` }, [`${row.name} (${row.type})`])
            : `${row.name} (${row.type})`,
        ]),
        h('td', {}, [h('code', { title: row.sourceShape ? t.channelsFirst(row.sourceShape[1]) : null }, [rowShape(row)])]),
        h('td', { class: 'num' }, [formatCount(row.params)]),
      ]);
    }));
    this.totals.replaceChildren(
      h('div', {}, [t.totalParams(formatCount(summary.totalParams))]),
      h('div', {}, [t.trainableParams(formatCount(summary.trainableParams))]),
      h('div', {}, [t.nonTrainableParams(formatCount(summary.nonTrainableParams))]),
      h('div', { class: 'legend' }, [h('span', { class: 'mark', 'aria-hidden': 'true' }, ['●']), t.visualised]),
    );
  }
}

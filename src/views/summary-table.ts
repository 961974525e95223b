/**
 * The Keras-style model summary: one row per layer (name and type, output shape, parameter
 * count) and the totals, with the layers drawn below marked.
 */
import type { ModelSummary } from '../../worker/contract';
import { h, setText } from './dom';
import { formatCount, type Messages } from '../languages/i18n';

/** Keras' notation for an output shape: (None, 30, 30, 32). */
export function formatShape(shape: readonly (number | null)[]): string {
  const parts = shape.map((d) => (d === null ? 'None' : String(d)));
  return `(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
}

export class SummaryTable {
  readonly element: HTMLElement;
  private readonly heading = h('h3');
  private readonly caption = h('caption');
  private readonly head = h('thead');
  private readonly body = h('tbody');
  private readonly totals = h('div', { class: 'totals' });
  private summary: ModelSummary | null = null;
  private shown = new Set<string>();
  private messages: Messages;

  constructor(messages: Messages) {
    this.messages = messages;
    const table = h('table', { class: 'summary' }, [this.caption, this.head, this.body]);
    this.element = h('section', { class: 'panel summary-panel' }, [
      this.heading,
      h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'model summary' }, [table]),
      this.totals,
    ]);
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
    setText(this.heading, t.summaryHeading);
    this.element.querySelector('.table-scroll')?.setAttribute('aria-label', t.summaryHeading);
    this.head.replaceChildren(
      h('tr', {}, [h('th', { scope: 'col' }, [t.colLayer]), h('th', { scope: 'col' }, [t.colShape]), h('th', { scope: 'col', class: 'num' }, [t.colParams])]),
    );
    const summary = this.summary;
    if (!summary) return;
    setText(this.caption, t.summaryModel(summary.modelName));
    this.body.replaceChildren(...summary.rows.map((row) => {
      const marked = this.shown.has(row.name);
      return h('tr', { class: marked ? 'shown' : null, 'data-layer': row.name }, [
        h('td', {}, [
          h('span', { class: 'mark', 'aria-hidden': 'true' }, [marked ? '●' : '']),
          `${row.name} (${row.type})`,
          marked ? h('span', { class: 'visually-hidden' }, [` — ${t.visualised}`]) : null,
        ]),
        h('td', {}, [h('code', {}, [formatShape(row.outputShape)])]),
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

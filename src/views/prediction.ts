/** The top classes as horizontal bars; class names come from the model file, so only as text. */
import type { ClassScore } from '../../worker/contract';
import { h, setText } from './dom';
import type { Messages } from '../languages/i18n';

/** Probability in [0, 1] as a percentage with one decimal: 0.8734 → "87.3". */
export function percent(probability: number): string {
  return (probability * 100).toFixed(1);
}

export class PredictionPanel {
  readonly element: HTMLElement;
  private readonly heading = h('h3');
  private readonly status = h('p', { class: 'hint' });
  private readonly list = h('ol', { class: 'bars' });
  private shownTop: ClassScore[] | null = null;
  /** Class names in the widget's language, by class index (the model's own when null). */
  private names: string[] | null = null;
  private messages: Messages;
  private readonly listeners: (() => void)[] = [];

  constructor(messages: Messages) {
    this.messages = messages;
    this.element = h('section', { class: 'panel prediction' }, [this.heading, this.status, this.list]);
    this.render();
  }

  /** The top classes on show (best first), or null while waiting. */
  get top(): ClassScore[] | null {
    return this.shownTop;
  }

  /** Shows `top` (best first), or the waiting state for null. */
  show(top: ClassScore[] | null): void {
    this.shownTop = top;
    this.render();
    this.listeners.forEach((listener) => listener());
  }

  /** Calls `listener` after every show() (the instruments follow the prediction). */
  listen(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Names to show by class index, or null for the names the model gave. */
  setNames(names: string[] | null): void {
    this.names = names;
    this.render();
  }

  translate(messages: Messages): void {
    this.messages = messages;
    this.render();
  }

  private render(): void {
    const t = this.messages;
    setText(this.heading, t.predictionHeading);
    this.status.hidden = this.shownTop !== null;
    setText(this.status, t.predictionWaiting);
    this.element.dataset.state = this.shownTop ? 'done' : 'waiting';
    this.list.replaceChildren(...(this.shownTop ?? []).map((score, rank) => {
      const fill = h('span', { class: 'fill' });
      fill.style.width = `${Math.max(0.5, score.probability * 100)}%`;
      const name = this.names?.[score.index] ?? score.name;
      return h('li', { class: rank === 0 ? 'best' : null, 'aria-label': t.classProbability(name, percent(score.probability)) }, [
        h('span', { class: 'name', 'aria-hidden': 'true' }, [name]),
        h('span', { class: 'track', 'aria-hidden': 'true' }, [fill]),
        h('span', { class: 'pct', 'aria-hidden': 'true' }, [`${percent(score.probability)}%`]),
      ]);
    }));
  }
}

/**
 * A grid's header buttons (PNG, the first layer's Filters). On a wide widget they sit in
 * the header as they are; in a narrow one (a phone) they fold behind one small "⋯" button
 * that opens them as a menu over the tiles, so the header keeps its two lines and nothing
 * moves when they arrive. Keyboard: Enter/Space opens, the first action takes focus,
 * Escape closes and returns to "⋯"; choosing an action closes the menu.
 */
import { h, setText } from '../dom';

let menus = 0;

export class GridTools {
  readonly element: HTMLElement;
  private readonly more = h('button', { type: 'button', class: 'grid-more', 'aria-expanded': 'false' }, ['⋯']);
  private readonly actions = h('span', { class: 'grid-actions' });

  constructor(buttons: HTMLButtonElement[]) {
    this.actions.id = `cl-grid-actions-${++menus}`;
    this.more.setAttribute('aria-controls', this.actions.id);
    this.actions.append(...buttons);
    this.element = h('span', { class: 'grid-tools' }, [this.more, this.actions]);
    this.more.addEventListener('click', () => this.toggle(!this.open));
    this.actions.addEventListener('click', (event) => {
      if (this.open && (event.target as Element).closest('button')) this.toggle(false, true);
    });
    this.element.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !this.open) return;
      event.preventDefault();
      event.stopPropagation();
      this.toggle(false, true);
    });
    // A tap or click elsewhere closes it.
    this.element.addEventListener('focusout', (event) => {
      if (this.open && !this.element.contains(event.relatedTarget as Node | null)) this.toggle(false);
    });
  }

  /** Adds a button to the menu (the Filters toggle, once the kernels are in). */
  add(button: HTMLButtonElement): void {
    this.actions.append(button);
  }

  label(text: string): void {
    this.more.setAttribute('aria-label', text);
    this.more.title = text;
  }

  get open(): boolean {
    return this.element.classList.contains('open');
  }

  private toggle(open: boolean, returnFocus = false): void {
    this.element.classList.toggle('open', open);
    this.more.setAttribute('aria-expanded', String(open));
    if (open) this.actions.querySelector<HTMLElement>('button')?.focus();
    else if (returnFocus && getComputedStyle(this.more).display !== 'none') this.more.focus();
  }
}

/** Text for a header button and its accessible name. */
export function labelButton(button: HTMLElement, text: string, name: string): void {
  setText(button, text);
  button.setAttribute('aria-label', name);
}

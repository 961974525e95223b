/**
 * The accessible overlay of a layer's atlas: one empty, focusable cell over each painted
 * tile, carrying its name. The grid is one Tab stop (roving tabindex); arrow keys, Home
 * and End move between cells; Enter, Space or a click asks to open the tile.
 */
import { h, placePercent } from './dom';
import { moveIndex, tileBox, type AtlasLayout } from '../paint/layout';
import { paintInChunks, type PaintJob } from '../paint/paint-scheduler';

const MOVE_KEYS = ['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown', 'Home', 'End'];

export class TileCells {
  readonly element = h('div', { class: 'tiles', role: 'grid' });
  private cells: HTMLElement[] = [];
  private columns = 1;
  private active = 0;

  /** `onOpen(index)`: the user asked to open tile `index` (it is focused already). */
  constructor(private readonly onOpen: (index: number) => void) {
    this.element.addEventListener('keydown', (event) => this.onKey(event));
    this.element.addEventListener('click', (event) => this.onClick(event));
  }

  /** One cell per tile of `layout`, placed over it; the Tab stop stays where it was. */
  build(layout: AtlasLayout): void {
    this.start(layout);
    this.add(layout, layout.count);
  }

  /** Empties the grid for `layout`; add() then builds its cells, a few at a time. */
  start(layout: AtlasLayout): void {
    this.columns = layout.columns;
    this.cells = [];
    this.element.replaceChildren();
  }

  /** Builds the next cells of `layout`, up to `to`; returns how many there are now. */
  add(layout: AtlasLayout, to: number): number {
    const end = Math.min(layout.count, to);
    let row = this.element.lastElementChild as HTMLElement | null;
    for (let i = this.cells.length; i < end; i++) {
      if (i % layout.columns === 0 || !row) row = this.element.appendChild(h('div', { role: 'row', class: 'tile-row' }));
      const cell = h('div', { role: 'gridcell', class: 'tile', tabindex: i === this.active ? 0 : -1, 'data-index': i, 'aria-haspopup': 'dialog' });
      placePercent(cell, tileBox(layout, i));
      row.append(cell);
      this.cells.push(cell);
    }
    return this.cells.length;
  }

  /**
   * Builds the cells of `layout` a row (at least `perStep`) per step, while `current()`;
   * `done` runs once they all are.
   */
  buildInSteps(layout: AtlasLayout, perStep: number, current: () => boolean, done: () => void): PaintJob {
    this.start(layout);
    return paintInChunks(() => {
      if (!current()) return false;
      if (this.add(layout, this.cells.length + Math.max(perStep, layout.columns)) < layout.count) return true;
      done();
      return false;
    });
  }

  /** Cells there are (the tiles drawn). */
  get count(): number {
    return this.cells.length;
  }

  /** Names cell `index` and marks it dead (an all-zero channel) or not. */
  name(index: number, label: string, dead: boolean): void {
    this.cells[index].setAttribute('aria-label', label);
    this.cells[index].classList.toggle('dead', dead);
  }

  /** Moves the Tab stop to cell `index` and focuses it. */
  focus(index: number): void {
    this.cells[this.active]?.setAttribute('tabindex', '-1');
    this.active = Math.max(0, Math.min(this.cells.length - 1, index));
    this.cells[this.active]?.setAttribute('tabindex', '0');
    this.cells[this.active]?.focus();
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.onOpen(this.active);
      return;
    }
    const next = moveIndex(this.active, event.key, this.cells.length, this.columns);
    if (next === this.active && !MOVE_KEYS.includes(event.key)) return;
    event.preventDefault();
    this.focus(next);
  }

  private onClick(event: MouseEvent): void {
    const cell = (event.target as Element).closest<HTMLElement>('.tile');
    if (!cell) return;
    const index = Number(cell.dataset.index);
    this.focus(index);
    this.onOpen(index);
  }
}

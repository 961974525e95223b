/** The first conv layer's kernels as small RGB tiles, in the grid's own order and columns, above its maps. */
import type { LayerWeights } from '../../../worker/layer-weights';
import { h, putPixels, setText } from '../dom';
import { paintInChunks } from '../../paint/paint-scheduler';
import { filterTile, maxAbs } from './kernels';
import type { InstrumentMessages } from './messages';

export class FilterStrip {
  readonly element: HTMLElement;
  /** Shows or hides the strip; it sits in the layer's header, so adding it moves nothing. */
  readonly toggle = h('button', { type: 'button', class: 'filters-toggle', 'aria-expanded': 'false' });
  private readonly heading = h('h5');
  private readonly about = h('p', { class: 'hint' });
  private readonly tiles = h('div', { class: 'filter-tiles', role: 'list' });
  private canvases: HTMLCanvasElement[] = [];

  constructor(private readonly kernel: LayerWeights, private t: InstrumentMessages, columns: number) {
    this.element = h('section', { class: 'filters', 'data-layer': kernel.layer, hidden: true }, [this.heading, this.about, this.tiles]);
    this.toggle.addEventListener('click', () => {
      this.element.hidden = !this.element.hidden;
      this.toggle.setAttribute('aria-expanded', String(!this.element.hidden));
    });
    this.tiles.style.setProperty('--columns', String(columns));
    const count = kernel.shape[3];
    this.canvases = Array.from({ length: count }, () => h('canvas', { role: 'img', tabindex: 0 }));
    this.tiles.replaceChildren(...this.canvases.map((canvas, i) => h('figure', { role: 'listitem' }, [canvas, h('figcaption', {}, [String(i)])])));
    const max = maxAbs(kernel.data);
    let next = 0;
    paintInChunks(() => {
      const end = Math.min(count, next + 16);
      for (; next < end; next++) putPixels(this.canvases[next], filterTile(kernel, next, max));
      return next < count;
    });
    this.translate(t);
  }

  setColumns(columns: number): void {
    this.tiles.style.setProperty('--columns', String(columns));
  }

  translate(t: InstrumentMessages): void {
    this.t = t;
    const [kh, kw, cin] = this.kernel.shape;
    setText(this.heading, t.filtersHeading(this.kernel.layer, `${kh}×${kw}×${cin}`));
    setText(this.toggle, t.filtersToggle);
    setText(this.about, t.filtersAbout);
    this.canvases.forEach((canvas, i) => canvas.setAttribute('aria-label', t.filterName(i)));
  }
}

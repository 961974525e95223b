/**
 * Two photos compared in every grid and in the zoom, the first layer's kernels beside its
 * maps, and the grids' header buttons on a phone, in headless Chromium on the demo page.
 * Painted pixels are checked against colours computed here with plain loops and matplotlib's
 * viridis from the raw activations of photo A (`el.activations()`) and of photo B, which a
 * second, separate widget computes on its own (`el2.run(B)`), never through the comparison.
 * Screenshots at 375 and 1280 px in both languages go to test-artifacts/compare/.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startServer } from '../../serve.mjs';
import { hasChromium, launchBrowser } from './chromium';
import { decodePng, toRgba } from '../helpers/png';
import { INSTRUMENT_MESSAGES } from '../../src/views/instruments/messages';
import { VIRIDIS } from '../../src/paint/viridis';
import { FIGURE } from '../../src/views/instruments/figure';
import { formatValue } from '../../src/languages/i18n';

const ARTIFACTS = new URL('../../test-artifacts/compare/', import.meta.url);
const B_PHOTO = './samples/coffee.png';

interface Ctx { browser: Browser; server: Awaited<ReturnType<typeof startServer>>; page: Page }
const ctx = {} as Ctx;
type Record_ = { name: string; shape: number[]; data: number[] };

/** matplotlib's colour of `v` on [min, max]: floor(t · 256) clamped, the first colour for a flat range. */
function viridis(v: number, min: number, max: number): number[] {
  const t = max > min ? (v - min) / (max - min) : 0;
  const i = t > 0 ? Math.min(255, Math.floor(t * 256)) : 0;
  return [VIRIDIS[i * 3], VIRIDIS[i * 3 + 1], VIRIDIS[i * 3 + 2]];
}

/** Blue – light grey (242) – red of a difference d scaled by m, written out here. */
function diverging(d: number, m: number): number[] {
  const s = Math.max(-1, Math.min(1, d / m));
  const strong = Math.round(242 + 13 * Math.abs(s));
  const fade = Math.round(242 * (1 - Math.abs(s)));
  return s >= 0 ? [strong, fade, fade] : [fade, fade, strong];
}

function channel(record: Record_, k: number): number[] {
  const channels = record.shape[3];
  return record.data.filter((_, i) => i % channels === k);
}

function inWidget<T>(fn: (root: ShadowRoot, el: any) => T | Promise<T>): Promise<T> {
  return ctx.page.evaluate(`(${fn.toString()})(document.querySelector('conv-lens').shadowRoot, document.querySelector('conv-lens'))`) as Promise<T>;
}

/** The atlas canvas of `layer`: its pixels and its geometry (data attributes). */
function atlas(layer: string) {
  return ctx.page.evaluate((name) => {
    const canvas = document.querySelector('conv-lens')!.shadowRoot!.querySelector<HTMLCanvasElement>(`.layer[data-layer="${name}"] .atlas-canvas`)!;
    const g = Object.fromEntries(Object.entries(canvas.dataset).map(([k, v]) => [k, Number(v)]));
    return { width: canvas.width, height: canvas.height, g, data: Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data) };
  }, layer);
}

type Atlas = Awaited<ReturnType<typeof atlas>>;

/** RGB at the first canvas pixel of value (row, col) of map `panel` of tile `k`. */
function at(a: Atlas, k: number, panel: number, row: number, col: number): number[] {
  const { g } = a;
  const x = (k % g.columns) * (g.tileWidth + g.gap) + panel * (g.panelWidth + g.panelGap) + col * g.scale;
  const y = Math.floor(k / g.columns) * (g.tileHeight + g.gap) + row * g.scale;
  const i = (y * a.width + x) * 4;
  return a.data.slice(i, i + 3);
}

async function activations(el: string): Promise<Record_[]> {
  return ctx.page.evaluate(async (selector) => {
    const records = await (document.querySelector(selector) as any).activations();
    return records.map((r: any) => ({ name: r.name, shape: r.shape, data: Array.from(r.data as Float32Array) }));
  }, el);
}

if (!hasChromium()) {
  console.log('SKIP compare browser test: /usr/bin/chromium is not installed');
} else {
  const test = suite('compare in every grid and the zoom; kernels beside the first layer; phone buttons');
  const data = {} as { a: Record_[]; b: Record_[] };

  test.before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ctx.server = await startServer({});
    ctx.browser = await launchBrowser();
    const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    ctx.page = await context.newPage();
    ctx.page.on('pageerror', (error) => console.error('pageerror:', error.message));
    await ctx.page.goto(`${ctx.server.url}?lang=en`);
    await ctx.page.evaluate(async (photoB) => {
      await customElements.whenDefined('conv-lens');
      const el = document.querySelector('conv-lens') as any;
      await el.ready;
      await el.run('./samples/chelsea.png');
      // Photo B's own values, from a widget of its own (not the comparison's channel).
      const other = document.createElement('conv-lens') as any;
      other.id = 'reference';
      other.setAttribute('lang', 'en');
      document.body.append(other);
      await other.ready;
      await other.run(photoB);
    }, B_PHOTO);
    data.a = await activations('conv-lens');
    data.b = await activations('#reference');
    await ctx.page.evaluate(() => document.querySelector('#reference')!.remove());
  });
  test.after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });

  test('the first layer\'s 32 kernels are drawn beside their maps, in the colours of the weights in the model file', async () => {
    await ctx.page.waitForFunction(() => Number(document.querySelector('conv-lens')!.shadowRoot!.querySelector<HTMLElement>('.layer[data-layer="conv2d"] .atlas-canvas')!.dataset.side) > 0);
    // The kernels come with the instruments' chunk, after the first tiles.
    await ctx.page.waitForFunction(() => !!document.querySelector('conv-lens')!.shadowRoot!.querySelector('.filters'));
    await ctx.page.waitForTimeout(300);
    const json = JSON.parse(readFileSync(new URL('../../models/cifar10/model.json', import.meta.url), 'utf8'));
    const group = json.weightsManifest.find((g: { weights: { name: string }[] }) => g.weights[0].name === 'conv2d/kernel');
    const bytes = readFileSync(new URL(`../../models/cifar10/${group.paths[0]}`, import.meta.url));
    const view = new DataView(bytes.buffer, bytes.byteOffset, 864 * 4);
    const kernel = Array.from({ length: 864 }, (_, i) => view.getFloat32(i * 4, true));
    const max = Math.max(...kernel.map(Math.abs));
    const a = await atlas('conv2d');
    const { g } = a;
    assert.is(g.side % 3, 0, 'a whole number of pixels per weight');
    const block = g.side / 3;
    let checked = 0;
    for (let f = 0; f < 32; f++) {
      const x0 = (f % g.columns) * (g.tileWidth + g.gap) + g.panelWidth + g.panelGap;
      const y0 = Math.floor(f / g.columns) * (g.tileHeight + g.gap);
      for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) {
        const i = ((y0 + r * block + Math.floor(block / 2)) * a.width + x0 + c * block + Math.floor(block / 2)) * 4;
        for (let ch = 0; ch < 3; ch++) {
          const expected = Math.round(128 + (127 * kernel[((r * 3 + c) * 3 + ch) * 32 + f]) / max);
          assert.ok(Math.abs(a.data[i + ch] - expected) <= 1, `filter ${f} (${r}, ${c}) channel ${ch}: ${a.data[i + ch]} vs ${expected}`);
          checked++;
        }
      }
      // The map beside it is still filter f's own, on its own range.
      const values = channel(data.a.find((rec) => rec.name === 'conv2d')!, f);
      const [lo, hi] = [Math.min(...values), Math.max(...values)];
      assert.equal(at(a, f, 0, 7, 11), viridis(values[7 * 30 + 11], lo, hi), `filter ${f}'s map`);
    }
    assert.is(checked, 32 * 27);
  });

  test('compare from the keyboard: every grid shows A beside B of the same filter on one range per pair, both photos and predictions named', async () => {
    await inWidget((root) => [...root.querySelectorAll<HTMLElement>('.compare-open')].find((b) => b.offsetParent)!.focus());
    await ctx.page.keyboard.press('Enter');
    await ctx.page.waitForFunction(() => !!document.querySelector('conv-lens')!.shadowRoot!.querySelector('.compare-sample'));
    // Choosing the sample with the keyboard: the option before coffee is selected quietly, ArrowDown picks coffee.
    await inWidget((root) => {
      const select = root.querySelector<HTMLSelectElement>('.compare-sample')!;
      const coffee = [...select.options].findIndex((o) => o.value.endsWith('coffee.png'));
      select.selectedIndex = coffee - 1;
      select.focus();
    });
    await ctx.page.keyboard.press('ArrowDown');
    await ctx.page.waitForFunction(() => !document.querySelector('conv-lens')!.shadowRoot!.querySelector<HTMLElement>('.compare-bar')!.hidden, null, { timeout: 60_000 });
    await ctx.page.waitForFunction(() => [...document.querySelector('conv-lens')!.shadowRoot!.querySelectorAll<HTMLElement>('.layer')]
      .every((layer) => layer.dataset.panels === '2' && layer.dataset.painted === String(layer.querySelectorAll('.tile').length)));
    const bar = await inWidget((root) => ({
      a: root.querySelector('.compare-photo-a')!.textContent, b: root.querySelector('.compare-photo-b')!.textContent,
      marks: [...root.querySelectorAll('.layer[data-layer="conv2d"] .tile-mark')].slice(0, 2).map((m) => m.textContent),
      photo: root.querySelector('.input-panel')!.textContent,
    }));
    assert.match(bar.a!, /^Achelsea\.png · cat \d+\.\d%$/);
    assert.match(bar.b!, /^Bcoffee\.png · \w+ \d+\.\d%$/);
    assert.equal(bar.marks, ['A', 'B']);
    assert.match(bar.photo!, /chelsea/, 'photo A is still the one on show');
    for (const layer of ['conv2d', 'max_pooling2d', 'conv2d_3']) {
      const a = data.a.find((r) => r.name === layer)!;
      const b = data.b.find((r) => r.name === layer)!;
      const painted = await atlas(layer);
      const [h, w, channels] = a.shape.slice(1);
      for (const k of [0, 1, 5, channels - 1]) {
        const [va, vb] = [channel(a, k), channel(b, k)];
        const lo = Math.min(...va, ...vb);
        const hi = Math.max(...va, ...vb);
        for (let i = 0; i < h * w; i += Math.max(1, Math.floor((h * w) / 40))) {
          const [row, col] = [Math.floor(i / w), i % w];
          assert.equal(at(painted, k, 0, row, col), viridis(va[i], lo, hi), `${layer} filter ${k} A at (${row}, ${col})`);
          assert.equal(at(painted, k, 1, row, col), viridis(vb[i], lo, hi), `${layer} filter ${k} B at (${row}, ${col})`);
        }
      }
    }
    await ctx.page.screenshot({ path: new URL('compare-en-1280.png', ARTIFACTS).pathname });
  });

  test('the difference A − B on request: a third map per tile, red where A is higher, blue where B is', async () => {
    await inWidget((root) => root.querySelector<HTMLElement>('.compare-diff')!.focus());
    await ctx.page.keyboard.press('Space');
    await ctx.page.waitForFunction(() => {
      const layer = document.querySelector('conv-lens')!.shadowRoot!.querySelector<HTMLElement>('.layer[data-layer="conv2d_1"]')!;
      return layer.dataset.panels === '3' && layer.dataset.painted === String(layer.querySelectorAll('.tile').length);
    });
    const a = data.a.find((r) => r.name === 'conv2d_1')!;
    const b = data.b.find((r) => r.name === 'conv2d_1')!;
    const painted = await atlas('conv2d_1');
    for (const k of [0, 3, 17, 63]) {
      const d = channel(a, k).map((v, i) => v - channel(b, k)[i]);
      const m = Math.max(...d.map(Math.abs)) || 1;
      for (let i = 0; i < 169; i += 7) {
        const got = at(painted, k, 2, Math.floor(i / 13), i % 13);
        const want = diverging(d[i], m);
        assert.ok(got.every((v, c) => Math.abs(v - want[c]) <= 1), `conv2d_1 filter ${k} A − B at ${i}: ${got} vs ${want}`);
      }
    }
    assert.equal(await inWidget((root) => [...root.querySelectorAll('.layer[data-layer="conv2d_1"] .tile-mark')].slice(0, 3).map((m) => m.textContent)), ['A', 'B', 'A−B']);
  });

  test('the zoom shows A, B and A − B of the same filter side by side on the pair\'s range, and exports them as one PNG', async () => {
    const k = 5;
    await inWidget((root) => root.querySelector<HTMLElement>('.layer[data-layer="conv2d"] .tile')!.focus());
    for (let i = 0; i < k; i++) await ctx.page.keyboard.press('ArrowRight');
    await ctx.page.keyboard.press('Enter');
    await ctx.page.waitForFunction(() => document.querySelector('conv-lens')!.shadowRoot!.querySelector('dialog.zoom.comparing[data-panels="3"]'));
    await ctx.page.waitForTimeout(200);
    const zoom = await inWidget((root) => {
      const dialog = root.querySelector('dialog.zoom')!;
      const [a, b, d] = [...dialog.querySelectorAll<HTMLCanvasElement>('canvas.zoom-map')].map((c) => Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data));
      const labels = [...dialog.querySelectorAll('.bar-labels span')].map((s) => s.textContent);
      return { a, b, d, labels, captions: [...dialog.querySelectorAll('.zoom-maps figcaption')].map((c) => c.textContent), values: dialog.querySelector('.compare-values')!.textContent, box: dialog.querySelector('.zoom-map-box')!.getBoundingClientRect().width };
    });
    const va = channel(data.a.find((r) => r.name === 'conv2d')!, k);
    const vb = channel(data.b.find((r) => r.name === 'conv2d')!, k);
    const lo = Math.min(...va, ...vb);
    const hi = Math.max(...va, ...vb);
    const m = Math.max(...va.map((v, i) => Math.abs(v - vb[i])));
    for (let i = 0; i < 900; i++) {
      assert.equal(zoom.a.slice(i * 4, i * 4 + 3), viridis(va[i], lo, hi), `zoom A ${i}`);
      assert.equal(zoom.b.slice(i * 4, i * 4 + 3), viridis(vb[i], lo, hi), `zoom B ${i}`);
      const want = diverging(va[i] - vb[i], m);
      assert.ok(zoom.d.slice(i * 4, i * 4 + 3).every((v, c) => Math.abs(v - want[c]) <= 1), `zoom A − B ${i}`);
    }
    assert.equal(zoom.labels, [formatValue(lo), formatValue(hi)], 'the colour bar spans the pair\'s range');
    assert.equal(zoom.captions.map((c) => c!.slice(0, 3)), ['A ·', 'B ·', 'A −']);
    assert.match(zoom.values!, /^B here = .+, A − B = .+$/);
    const [file] = await Promise.all([ctx.page.waitForEvent('download'), inWidget((root) => root.querySelector<HTMLElement>('.zoom-export')!.click())]);
    const bytes = readFileSync((await file.path())!);
    writeFileSync(new URL(`export-${file.suggestedFilename()}`, ARTIFACTS), bytes);
    const png = decodePng(new Uint8Array(bytes));
    assert.is(file.suggestedFilename(), `compare-conv2d-filter-${k}.png`);
    // Three panels of the on-screen map size side by side, with the colour bar, at 2×.
    assert.ok(png.width > 2 * 3 * Math.round(zoom.box), `${png.width} px wide for three ${zoom.box} px maps at 2×`);
    const rgba = toRgba(png);
    const top = Math.max(...va) >= Math.max(...vb) ? { values: va, panel: 0 } : { values: vb, panel: 1 };
    const best = top.values.indexOf(hi);
    const w = Math.round(zoom.box);
    const x = Math.round((FIGURE.margin + top.panel * (w + FIGURE.gap) + ((best % 30) + 0.5) * (w / 30)) * 2);
    const y = Math.round((FIGURE.margin + FIGURE.title + FIGURE.subtitle + (Math.floor(best / 30) + 0.5) * (w / 30)) * 2);
    const i = (y * png.width + x) * 4;
    assert.equal(Array.from(rgba.slice(i, i + 3)), [0xfd, 0xe7, 0x25], 'the pair\'s maximum is viridis\' last colour');
    await ctx.page.screenshot({ path: new URL('zoom-en-1280.png', ARTIFACTS).pathname });
    await ctx.page.keyboard.press('Escape');
  });

  test('Korean and English throughout the comparison; screenshots at 375 and 1280 px, no sideways scrolling', async () => {
    for (const lang of ['ko', 'en'] as const) {
      await ctx.page.evaluate((l) => document.querySelector('conv-lens')!.setAttribute('lang', l), lang);
      const t = INSTRUMENT_MESSAGES[lang];
      // Tiles are renamed a few per frame (no long task): wait for the first one.
      await ctx.page.waitForFunction((l) => {
        const label = document.querySelector('conv-lens')!.shadowRoot!.querySelector('.layer[data-layer="conv2d"] .tile')!.getAttribute('aria-label') ?? '';
        return l === 'ko' ? /필터/.test(label) : /filter/.test(label);
      }, lang);
      const texts = await inWidget((root) => ({
        heading: root.querySelector('.compare-bar-heading')!.textContent, end: root.querySelector('.compare-end')!.textContent,
        diff: root.querySelector('.compare-diff-label')!.textContent, about: root.querySelector('.compare-bar-about')!.textContent,
        status: root.querySelector('.compare-status')!.textContent, label: root.querySelector('.layer[data-layer="conv2d"] .tile')!.getAttribute('aria-label'),
        more: root.querySelector('.grid-more')!.getAttribute('aria-label'),
      }));
      assert.equal({ heading: texts.heading, end: texts.end, diff: texts.diff!.trim(), about: texts.about, status: texts.status, more: texts.more },
        { heading: t.compareBarHeading, end: t.compareEnd, diff: t.compareDifference, about: t.compareBarAbout, status: t.compareShown, more: t.gridTools('conv2d') });
      assert.match(texts.label!, lang === 'ko' ? /^A: .+; B: 최댓값/ : /^A: .+; B: max/);
      for (const width of [1280, 375]) {
        await ctx.page.setViewportSize({ width, height: width < 600 ? 812 : 900 });
        await ctx.page.waitForTimeout(400);
        await inWidget((root) => root.querySelector('.layer[data-layer="conv2d"]')!.scrollIntoView());
        await ctx.page.screenshot({ path: new URL(`compare-${lang}-${width}.png`, ARTIFACTS).pathname });
        const overflow = await ctx.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `no horizontal overflow at ${width} px (${overflow})`);
      }
      await ctx.page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  test('ending the comparison gives every grid its plain tiles back, A on its own ranges', async () => {
    await inWidget((root) => root.querySelector<HTMLElement>('.compare-end')!.focus());
    await ctx.page.keyboard.press('Enter');
    await ctx.page.waitForFunction(() => [...document.querySelector('conv-lens')!.shadowRoot!.querySelectorAll<HTMLElement>('.layer')]
      .every((layer) => layer.dataset.panels === '1' && layer.dataset.painted === String(layer.querySelectorAll('.tile').length)));
    const state = await inWidget((root) => ({ bar: root.querySelector<HTMLElement>('.compare-bar')!.hidden, marks: root.querySelector<HTMLElement>('.tile-marks')!.hidden }));
    assert.equal(state, { bar: true, marks: true });
    for (const layer of ['conv2d_1', 'conv2d_3']) {
      const a = data.a.find((r) => r.name === layer)!;
      const painted = await atlas(layer);
      assert.is(painted.g.panelWidth, painted.g.tileWidth, 'one map per tile');
      const [h, w] = a.shape.slice(1);
      for (const k of [0, 7]) {
        const va = channel(a, k);
        const [lo, hi] = [Math.min(...va), Math.max(...va)];
        for (let i = 0; i < h * w; i += 3) assert.equal(at(painted, k, 0, Math.floor(i / w), i % w), viridis(va[i], lo, hi), `${layer} filter ${k} at ${i}`);
      }
    }
  });

  test('phone 375 px: the grid PNG and Filters buttons sit behind "⋯", reachable and usable by keyboard', async () => {
    await ctx.page.setViewportSize({ width: 375, height: 812 });
    await ctx.page.waitForTimeout(400);
    await inWidget((root) => root.querySelector('.layer[data-layer="conv2d"]')!.scrollIntoView());
    const closed = await inWidget((root) => {
      const head = root.querySelector('.layer[data-layer="conv2d"] .layer-head')!;
      const [more, png] = ['.grid-more', '.grid-export'].map((s) => head.querySelector<HTMLElement>(s)!.getBoundingClientRect().width > 0);
      return { more, png };
    });
    assert.equal([closed.more, closed.png], [true, false], 'folded on a phone');
    await inWidget((root) => root.querySelector<HTMLElement>('.layer[data-layer="conv2d"] .grid-more')!.focus());
    await ctx.page.keyboard.press('Enter');
    const open = await inWidget((root) => {
      const head = root.querySelector('.layer[data-layer="conv2d"] .layer-head')!;
      const [png, filters, actions] = ['.grid-export', '.filters-toggle', '.grid-actions'].map((s) => head.querySelector<HTMLElement>(s)!.getBoundingClientRect());
      return { focused: root.activeElement?.className, png: png.width > 0, filters: filters.width > 0, right: actions.right, expanded: head.querySelector('.grid-more')!.getAttribute('aria-expanded') };
    });
    assert.equal([open.focused, open.png, open.filters, open.expanded], ['grid-export', true, true, 'true']);
    assert.ok(open.right <= 375, 'the menu stays on screen');
    await ctx.page.screenshot({ path: new URL('phone-menu-en-375.png', ARTIFACTS).pathname });
    const [file] = await Promise.all([ctx.page.waitForEvent('download'), ctx.page.keyboard.press('Enter')]);
    assert.is(file.suggestedFilename(), 'conv2d-feature-maps.png');
    assert.is(await inWidget((root) => root.querySelector('.layer[data-layer="conv2d"] .grid-more')!.getAttribute('aria-expanded')), 'false', 'choosing closes the menu');
    await ctx.page.keyboard.press('Enter'); // focus is back on "⋯": open again
    await ctx.page.keyboard.press('Tab'); // to Filters
    assert.is(await inWidget((root) => root.activeElement?.className), 'filters-toggle');
    await ctx.page.keyboard.press('Enter');
    assert.is(await inWidget((root) => root.querySelector<HTMLElement>('.filters')!.hidden), false, 'Filters shows the kernels\' strip');
    await ctx.page.keyboard.press('Enter');
    await ctx.page.keyboard.press('Escape');
    assert.is(await inWidget((root) => root.activeElement?.className), 'grid-more', 'Escape returns to "⋯"');
    for (const lang of ['ko', 'en'] as const) {
      await ctx.page.evaluate((l) => document.querySelector('conv-lens')!.setAttribute('lang', l), lang);
      await inWidget((root) => root.querySelector('.layer[data-layer="conv2d"]')!.scrollIntoView());
      await ctx.page.screenshot({ path: new URL(`kernels-${lang}-375.png`, ARTIFACTS).pathname });
      await ctx.page.setViewportSize({ width: 1280, height: 900 });
      await ctx.page.waitForTimeout(300);
      await inWidget((root) => root.querySelector('.layer[data-layer="conv2d"]')!.scrollIntoView());
      await ctx.page.screenshot({ path: new URL(`kernels-${lang}-1280.png`, ARTIFACTS).pathname });
      await ctx.page.setViewportSize({ width: 375, height: 812 });
    }
  });

  test('el.compare() resolves to photo B\'s name, prediction and layers; a bad photo B says so and keeps A', async () => {
    const detail = await ctx.page.evaluate(async (b) => {
      const el = document.querySelector('conv-lens') as any;
      const d = await el.compare(b);
      return { name: d.name, top: d.top.length, layers: d.layers.map((l: any) => `${l.name}:${l.shape.join('x')}`) };
    }, B_PHOTO);
    assert.equal(detail.name, 'coffee.png');
    assert.is(detail.top, 5);
    assert.equal(detail.layers, data.b.map((r) => `${r.name}:${r.shape.join('x')}`));
    const refused = await ctx.page.evaluate(async () => {
      const el = document.querySelector('conv-lens') as any;
      try {
        await el.compare(new File([new Uint8Array([1, 2, 3])], 'noise.png'));
        return 'resolved';
      } catch (error) {
        return (error as Error).message;
      }
    });
    assert.match(refused, /noise\.png/);
    const after = await inWidget((root) => ({ error: root.querySelector('.error')!.textContent, photo: root.querySelector('.input-panel')!.textContent, bar: root.querySelector<HTMLElement>('.compare-bar')!.hidden }));
    assert.match(after.error!, /noise\.png/);
    assert.match(after.photo!, /chelsea/);
    assert.is(after.bar, false, 'the comparison with the good B stays');
    await ctx.page.evaluate(() => (document.querySelector('conv-lens') as any).endCompare());
  });

  test.run();
}

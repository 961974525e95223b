/**
 * The teaching instruments on the demo page in headless Chromium: el.explain() and the
 * Grad-CAM panel painted over the photo and the input (reached by keyboard), the first
 * layer's 32 kernels drawn in the colours of the weights read here from the model's .bin,
 * a filter's weights in the zoom, PNG exports checked by size and by the viridis colour at
 * the map's maximum, the summary copied as text, both languages, and screenshots.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startServer } from '../../serve.mjs';
import { hasChromium, launchChromium, type LaunchedBrowser } from './chromium';
import { decodePng, toRgba, type Png } from '../helpers/png';
import { FIGURE, figureSize } from '../../src/views/instruments/figure';
import { INSTRUMENT_MESSAGES } from '../../src/views/instruments/messages';
import { MESSAGES } from '../../src/languages/i18n';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
/** matplotlib's viridis at 1.0 (the map's maximum) and at 0. */
const VIRIDIS_TOP = [0xfd, 0xe7, 0x25];
const VIRIDIS_BOTTOM = [0x44, 0x01, 0x54];

interface Ctx { browser: LaunchedBrowser; server: Awaited<ReturnType<typeof startServer>>; page: Page }
const ctx = {} as Ctx;

function inWidget<T>(fn: (root: ShadowRoot, el: any) => T | Promise<T>): Promise<T> {
  return ctx.page.evaluate(`(${fn.toString()})(document.querySelector('conv-lens').shadowRoot, document.querySelector('conv-lens'))`) as Promise<T>;
}

/** The first conv layer's kernel [3, 3, 3, 32] straight from the weight file. */
function firstKernel(): Float32Array {
  const json = JSON.parse(readFileSync(new URL('../../models/cifar10/model.json', import.meta.url), 'utf8'));
  const group = json.weightsManifest.find((g: { weights: { name: string }[] }) => g.weights[0].name === 'conv2d/kernel');
  const bytes = readFileSync(new URL(`../../models/cifar10/${group.paths[0]}`, import.meta.url));
  const view = new DataView(bytes.buffer, bytes.byteOffset, 3 * 3 * 3 * 32 * 4);
  return Float32Array.from({ length: 3 * 3 * 3 * 32 }, (_, i) => view.getFloat32(i * 4, true));
}

/** Downloads what `click` starts; resolves with the decoded PNG. */
async function download(click: () => Promise<unknown>): Promise<{ png: Png; name: string; rgba: Uint8ClampedArray }> {
  const [file] = await Promise.all([ctx.page.waitForEvent('download'), click()]);
  const bytes = readFileSync((await file.path())!);
  writeFileSync(new URL(`export-${file.suggestedFilename()}`, ARTIFACTS), bytes);
  const png = decodePng(new Uint8Array(bytes));
  return { png, name: file.suggestedFilename(), rgba: toRgba(png) };
}

function pixel(image: { png: Png; rgba: Uint8ClampedArray }, x: number, y: number): number[] {
  const i = (Math.round(y) * image.png.width + Math.round(x)) * 4;
  return Array.from(image.rgba.slice(i, i + 3));
}

const close = (a: number[], b: number[], tolerance = 2) => a.every((v, i) => Math.abs(v - b[i]) <= tolerance);

if (!hasChromium()) {
  console.log('SKIP instruments browser test: /usr/bin/chromium is not installed');
} else {
  const test = suite('teaching instruments');
  test.before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ctx.server = await startServer({});
    ctx.browser = await launchChromium();
    await ctx.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.server.url.replace(/\/$/, '') });
    ctx.page = await ctx.browser.context.newPage();
    ctx.page.on('pageerror', (error) => console.error('pageerror:', error.message));
    await ctx.page.setViewportSize({ width: 1280, height: 900 });
    await ctx.page.goto(`${ctx.server.url}?lang=en`);
    await ctx.page.evaluate(async () => {
      await customElements.whenDefined('conv-lens');
      const el = document.querySelector('conv-lens') as any;
      await el.ready;
      await el.run('./samples/chelsea.png');
    });
  });
  test.after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });

  test('el.explain() resolves with the raw map of the top class, a named class and a chosen layer', async () => {
    const [top, cat, early] = await ctx.page.evaluate(async () => {
      const el = document.querySelector('conv-lens') as any;
      const results = [await el.explain(), await el.explain({ className: 'cat' }), await el.explain({ className: 'dog', layer: 'conv2d_2' })];
      return results.map((r: any) => ({ layer: r.layer, classIndex: r.classIndex, className: r.className, shape: r.shape, length: r.map.length, typed: r.map instanceof Float32Array, keys: Object.keys(r).sort() }));
    });
    const result = { top, cat, early };
    assert.equal(result.cat, { layer: 'conv2d_3', classIndex: 3, className: 'cat', shape: [3, 3], length: 9, typed: true, keys: ['classIndex', 'className', 'layer', 'map', 'shape'] });
    assert.equal(result.top.layer, 'conv2d_3');
    assert.equal([result.early.layer, result.early.classIndex, result.early.shape, result.early.length], ['conv2d_2', 5, [11, 11], 121]);
  });

  test('the Grad-CAM button, reached by keyboard, paints the heatmap over the photo and the input', async () => {
    await inWidget((root) => [...root.querySelectorAll<HTMLElement>('.explain-open')].find((b) => b.offsetParent)!.focus());
    await ctx.page.keyboard.press('Enter');
    await ctx.page.waitForFunction(() => {
      const panel = document.querySelector('conv-lens')!.shadowRoot!.querySelector<HTMLElement>('.explain');
      return panel?.getAttribute('aria-busy') === 'false' && panel.dataset.layer === 'conv2d_3';
    });
    const expected = await ctx.page.evaluate(async () => {
      const r = await (document.querySelector('conv-lens') as any).explain();
      return { map: Array.from(r.map as Float32Array), classIndex: r.classIndex };
    });
    await ctx.page.waitForTimeout(100);
    const shown = await inWidget((root) => {
      const panel = root.querySelector<HTMLElement>('.explain')!;
      const heat = panel.querySelector<HTMLCanvasElement>('.explain-photo .heat')!;
      const photo = [...panel.querySelectorAll<HTMLElement>('.explain-photo-img')].find((e) => !e.hidden)!;
      const pixels = Array.from(heat.getContext('2d')!.getImageData(0, 0, heat.width, heat.height).data);
      const [hr, pr] = [heat.getBoundingClientRect(), photo.getBoundingClientRect()];
      return {
        size: [heat.width, heat.height], pixels, opacity: getComputedStyle(heat).opacity, classIndex: Number(panel.dataset.classIndex),
        heatBox: [hr.left, hr.top, hr.width, hr.height].map(Math.round), photoBox: [pr.left, pr.top, pr.width, pr.height].map(Math.round),
        inputHeat: panel.querySelector<HTMLCanvasElement>('.explain-input-frame .heat')!.width, focused: root.activeElement?.className,
        caption: panel.querySelector('.explain-caption')!.textContent,
      };
    });
    assert.equal(shown.size, [3, 3]);
    assert.equal(shown.classIndex, expected.classIndex, 'the top class by default');
    assert.equal(shown.heatBox, shown.photoBox, 'the heatmap lies exactly over the photo');
    assert.ok(shown.photoBox[2] > 100, 'the photo is shown');
    assert.is(shown.opacity, '0.55');
    assert.is(shown.inputHeat, 3);
    assert.is(shown.focused, 'explain-class', 'focus moves to the class picker');
    const max = Math.max(...expected.map);
    const top = expected.map.indexOf(max);
    assert.equal(shown.pixels.slice(top * 4, top * 4 + 3), VIRIDIS_TOP, 'the map\'s maximum is viridis\' last colour');
    const low = expected.map.indexOf(Math.min(...expected.map));
    if (expected.map[low] === 0) assert.equal(shown.pixels.slice(low * 4, low * 4 + 3), VIRIDIS_BOTTOM, 'zero is the first colour');
    assert.match(shown.caption!, /conv2d_3, 3×3 map/);
  });

  test('the class and layer pickers work from the keyboard; the outline follows the arrow keys', async () => {
    await ctx.page.keyboard.press('ArrowDown'); // class picker: "top class" → class 0
    await ctx.page.waitForFunction(() => document.querySelector('conv-lens')!.shadowRoot!.querySelector<HTMLElement>('.explain')!.dataset.classIndex === '0');
    await ctx.page.keyboard.press('Tab'); // layer picker
    await ctx.page.keyboard.press('ArrowDown'); // first drawable layer: conv2d
    await ctx.page.waitForFunction(() => document.querySelector('conv-lens')!.shadowRoot!.querySelector<HTMLElement>('.explain')!.dataset.layer === 'conv2d');
    await inWidget((root) => (root.querySelector('.explain-input-frame') as HTMLElement).focus());
    const before = await inWidget((root) => (root.querySelector('.explain-input-frame .rf-box') as HTMLElement).style.left);
    await ctx.page.keyboard.press('ArrowLeft');
    const after = await inWidget((root) => ({ left: (root.querySelector('.explain-input-frame .rf-box') as HTMLElement).style.left, hidden: (root.querySelector('.explain-input-frame .rf-box') as HTMLElement).hidden, text: root.querySelector('.explain .cell-value')!.textContent }));
    assert.is(after.hidden, false);
    assert.is.not(after.left, before, 'the receptive-field outline moved');
    assert.match(after.text!, /map cell \(row \d+, col \d+\)/);
    // back to the default layer for the export test
    await ctx.page.evaluate(() => {
      const root = document.querySelector('conv-lens')!.shadowRoot!;
      for (const select of root.querySelectorAll<HTMLSelectElement>('.explain select')) { select.value = ''; select.dispatchEvent(new Event('change')); }
    });
    await ctx.page.waitForFunction(() => document.querySelector('conv-lens')!.shadowRoot!.querySelector<HTMLElement>('.explain')!.dataset.layer === 'conv2d_3');
  });

  test('the first layer\'s 32 kernels are drawn in the colours of the weights in the model file', async () => {
    await ctx.page.waitForFunction(() => !!document.querySelector('conv-lens')!.shadowRoot!.querySelector('.filters-toggle'));
    await inWidget((root) => (root.querySelector('.filters-toggle') as HTMLElement).focus());
    await ctx.page.keyboard.press('Enter');
    assert.is(await inWidget((root) => (root.querySelector('.filters') as HTMLElement).hidden), false, 'the toggle shows them');
    await ctx.page.waitForFunction(() => document.querySelectorAll('conv-lens')[0].shadowRoot!.querySelectorAll('.filters canvas').length === 32);
    await ctx.page.waitForTimeout(100);
    const tiles = await inWidget((root) => [...root.querySelectorAll<HTMLCanvasElement>('.filters canvas')].map((c) => Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data)));
    const kernel = firstKernel();
    const max = Math.max(...kernel.map(Math.abs));
    for (let f = 0; f < 32; f++) {
      for (let i = 0; i < 9; i++) {
        for (let c = 0; c < 3; c++) {
          const expected = Math.round(128 + (127 * kernel[(i * 3 + c) * 32 + f]) / max);
          assert.ok(Math.abs(tiles[f][i * 4 + c] - expected) <= 1, `filter ${f}, weight ${i}, channel ${c}: ${tiles[f][i * 4 + c]} vs ${expected}`);
        }
      }
    }
    const placed = await inWidget((root) => root.querySelector('.filters')!.previousElementSibling!.getAttribute('data-layer'));
    assert.is(placed, 'conv2d', 'right below the first layer\'s maps');
  });

  test('a grid exports as a PNG at 2× with title, tiles and the viridis maximum', async () => {
    const info = await inWidget((root) => {
      const atlas = root.querySelector('.layer[data-layer="conv2d"] .atlas')!.getBoundingClientRect();
      const tiles = [...root.querySelectorAll<HTMLElement>('.layer[data-layer="conv2d"] .tile')];
      return { atlasWidth: atlas.width, columns: tiles.filter((tile) => tile.offsetTop === tiles[0].offsetTop).length };
    });
    const cols = info.columns;
    const image = await download(() => inWidget((root) => (root.querySelector('.layer[data-layer="conv2d"] .grid-export') as HTMLElement).click()));
    assert.is(image.name, 'conv2d-feature-maps.png');
    const tileW = Math.round(info.atlasWidth / cols);
    const tileH = tileW;
    const rows = Math.ceil(32 / cols);
    const size = figureSize({ title: '', subtitle: 'x', bar: { min: '', max: '' }, panels: [{ width: cols * tileW + (cols - 1) * 4, height: rows * tileH + (rows - 1) * 4, label: '', draw() {} }] });
    assert.equal([image.png.width, image.png.height], [size.width * 2, size.height * 2]);
    const activations = await ctx.page.evaluate(async () => {
      const records = await (document.querySelector('conv-lens') as any).activations();
      const conv = records.find((r: any) => r.name === 'conv2d');
      let best = 0;
      for (let i = 0; i < 30 * 30; i++) if (conv.data[i * 32] > conv.data[best * 32]) best = i;
      return best;
    });
    const [r, c] = [Math.floor(activations / 30), activations % 30];
    const top = FIGURE.margin + FIGURE.title + FIGURE.subtitle;
    const x = (FIGURE.margin + ((c + 0.5) / 30) * tileW) * 2;
    const y = (top + ((r + 0.5) / 30) * tileH) * 2;
    assert.ok(close(pixel(image, x, y), VIRIDIS_TOP), `filter 0's maximum is #fde725, got ${pixel(image, x, y)}`);
    assert.equal(pixel(image, 2, 2), [255, 255, 255], 'a white page');
  });

  test('the zoom shows a filter\'s weights (16 input channels, then all) and exports its map', async () => {
    // An active filter (its maximum above zero), so the map's maximum is viridis' top.
    const { filter, best } = await ctx.page.evaluate(async () => {
      const conv = (await (document.querySelector('conv-lens') as any).activations()).find((r: any) => r.name === 'conv2d_1');
      let f = 0;
      for (; f < 64; f++) {
        let m = -Infinity;
        for (let i = 0; i < 169; i++) m = Math.max(m, conv.data[i * 64 + f]);
        if (m > 0) break;
      }
      let at = 0;
      for (let i = 0; i < 169; i++) if (conv.data[i * 64 + f] > conv.data[at * 64 + f]) at = i;
      return { filter: f, best: at };
    });
    await inWidget((root) => (root.querySelector('.layer[data-layer="conv2d_1"] .tile') as HTMLElement).focus());
    for (let i = 0; i < filter; i++) await ctx.page.keyboard.press('ArrowRight');
    await ctx.page.keyboard.press('Enter');
    await ctx.page.waitForFunction(() => document.querySelector('conv-lens')!.shadowRoot!.querySelectorAll('.kernel-weights:not([hidden]) canvas').length === 16);
    await inWidget((root) => (root.querySelector('.kernel-all') as HTMLElement).focus());
    await ctx.page.keyboard.press('Enter');
    await ctx.page.waitForFunction(() => document.querySelector('conv-lens')!.shadowRoot!.querySelectorAll('.kernel-weights canvas').length === 32);
    const zoom = await inWidget((root) => {
      const box = root.querySelector('.zoom-map-box')!.getBoundingClientRect();
      return { width: box.width, height: box.height, heading: root.querySelector('.kernel-weights h4')!.textContent };
    });
    assert.match(zoom.heading!, /3×3, input channels 32 of 32/);
    const image = await download(() => inWidget((root) => (root.querySelector('.zoom-export') as HTMLElement).click()));
    const size = figureSize({ title: '', subtitle: 'x', bar: { min: '', max: '' }, panels: [{ width: zoom.width, height: zoom.height, label: '', draw() {} }] });
    assert.equal([image.png.width, image.png.height], [size.width * 2, size.height * 2]);
    const [r, c] = [Math.floor(best / 13), best % 13];
    const x = (FIGURE.margin + ((c + 0.5) / 13) * Math.round(zoom.width)) * 2;
    const y = (FIGURE.margin + FIGURE.title + FIGURE.subtitle + ((r + 0.5) / 13) * Math.round(zoom.height)) * 2;
    assert.ok(close(pixel(image, x, y), VIRIDIS_TOP), `the map's maximum is #fde725, got ${pixel(image, x, y)} at ${[x, y, r, c, filter]} ${JSON.stringify(zoom)} ${image.name}`);
    await ctx.page.keyboard.press('Escape');
    await ctx.page.waitForFunction(() => !document.querySelector('conv-lens')!.shadowRoot!.querySelector<HTMLDialogElement>('dialog.zoom')!.open);
    await ctx.page.waitForTimeout(100);
  });

  test('the Grad-CAM figure exports with the map at 2× and its maximum in viridis\' last colour', async () => {
    const rects = await inWidget((root) => {
      const [p, i] = ['.explain-photo', '.explain-input-frame'].map((s) => root.querySelector(s)!.getBoundingClientRect());
      return { photo: [p.width, p.height], input: [i.width, i.height] };
    });
    const map = await ctx.page.evaluate(async () => Array.from((await (document.querySelector('conv-lens') as any).explain()).map as Float32Array));
    const image = await download(() => inWidget((root) => (root.querySelector('.explain-export') as HTMLElement).click()));
    const panel = (w: number, h: number) => ({ width: w, height: h, label: '', draw() {} });
    const size = figureSize({ title: '', subtitle: 'x', bar: { min: '', max: '' }, panels: [panel(rects.photo[0], rects.photo[1]), panel(rects.input[0], rects.input[1]), panel(rects.input[0], rects.input[1])] });
    assert.equal([image.png.width, image.png.height], [size.width * 2, size.height * 2]);
    const top = map.indexOf(Math.max(...map));
    const [r, c] = [Math.floor(top / 3), top % 3];
    const left = FIGURE.margin + Math.round(rects.photo[0]) + FIGURE.gap + Math.round(rects.input[0]) + FIGURE.gap;
    const x = (left + ((c + 0.5) / 3) * Math.round(rects.input[0])) * 2;
    const y = (FIGURE.margin + FIGURE.title + FIGURE.subtitle + ((r + 0.5) / 3) * Math.round(rects.input[1])) * 2;
    assert.ok(close(pixel(image, x, y), VIRIDIS_TOP), `the map panel's maximum is #fde725, got ${pixel(image, x, y)}`);
    assert.match(image.name, /^grad-cam-.*-conv2d_3\.png$/);
  });

  test('the summary copies as text in Keras\' layout', async () => {
    await inWidget((root) => {
      (root.querySelector('.summary-panel') as HTMLDetailsElement).open = true;
      (root.querySelector('.copy-summary') as HTMLElement).focus();
    });
    assert.is(await inWidget((root) => root.activeElement?.className), 'copy-summary');
    await ctx.page.keyboard.press('Enter');
    await ctx.page.waitForFunction(() => document.querySelector('conv-lens')!.shadowRoot!.querySelector('.copy-note')!.textContent !== '');
    const text = await ctx.page.evaluate(() => navigator.clipboard.readText());
    assert.match(text, /^Model: "sequential"/);
    assert.match(text, /conv2d \(Conv2D\)\s+\(None, 30, 30, 32\)\s+896/);
    assert.match(text, /Total params: /);
  });

  // Compare (A | B in every grid and the zoom) is tested in instruments-compare.test.ts.

  test('Korean throughout the new controls; screenshots at 1280 and 375 px in both languages', async () => {
    for (const lang of ['ko', 'en'] as const) {
      await ctx.page.evaluate((l) => document.querySelector('conv-lens')!.setAttribute('lang', l), lang);
      const t = INSTRUMENT_MESSAGES[lang];
      const texts = await inWidget((root) => ({
        open: root.querySelector('.explain-open')!.textContent, heading: root.querySelector('.explain h3')!.textContent,
        about: root.querySelector('.about summary')!.textContent, exportButton: root.querySelector('.grid-export')!.textContent,
        filters: root.querySelector('.filters h5')!.textContent,
      }));
      assert.equal(texts, { open: MESSAGES[lang].explainOpen, heading: t.explainHeading, about: t.aboutHeading, exportButton: 'PNG', filters: t.filtersHeading('conv2d', '3×3×3') });
      for (const width of [1280, 375]) {
        await ctx.page.setViewportSize({ width, height: 900 });
        await ctx.page.waitForTimeout(300);
        await inWidget((root) => root.querySelector('.instruments')!.scrollIntoView());
        await ctx.page.screenshot({ path: new URL(`instruments-${lang}-${width}.png`, ARTIFACTS).pathname });
        await inWidget((root) => root.querySelector('.filters')!.scrollIntoView());
        await ctx.page.screenshot({ path: new URL(`instruments-filters-${lang}-${width}.png`, ARTIFACTS).pathname });
        const overflow = await ctx.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `no horizontal overflow at ${width} px (${overflow})`);
      }
      await ctx.page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  test.run();
}

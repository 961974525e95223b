/**
 * <conv-lens> on the demo page in headless Chromium: all 640 tiles of the default model
 * painted, the lecture's six layers from `el.activations()`, the zoom with its colour bar,
 * the receptive field of conv2d_3's cell (0, 0), live language switching, keyboard use,
 * and screenshots in test-artifacts/.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startServer } from '../../serve.mjs';
import { hasChromium, launchChromium, type LaunchedBrowser } from './chromium';
import { MESSAGES } from '../../src/languages/i18n';
import { FIRST_STEP_PIXELS, PIXELS_PER_STEP } from '../../src/views/layer-grid';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const MODEL_JSON = new URL('../../models/cifar10/model.json', import.meta.url);
const LECTURE_SHAPES: [string, number[]][] = [
  ['conv2d', [1, 30, 30, 32]], ['max_pooling2d', [1, 15, 15, 32]], ['conv2d_1', [1, 13, 13, 64]],
  ['conv2d_2', [1, 11, 11, 128]], ['max_pooling2d_1', [1, 5, 5, 128]], ['conv2d_3', [1, 3, 3, 256]],
];

interface Ctx { browser: LaunchedBrowser; server: Awaited<ReturnType<typeof startServer>>; page: Page }
const ctx = {} as Ctx;

/** Expected input box of cell (0, 0) of `layer`, walked back through model.json's own layer configs. */
function expectedField(layer: string): { top: number; left: number; bottom: number; right: number } {
  const json = JSON.parse(readFileSync(MODEL_JSON, 'utf8'));
  const layers: { class_name: string; config: Record<string, any> }[] = json.modelTopology.model_config.config.layers;
  const chain = layers.slice(0, layers.findIndex((l) => l.config.name === layer) + 1).filter((l) => l.config.kernel_size || l.config.pool_size);
  let [low, high] = [0, 0];
  for (const { config } of chain.reverse()) {
    const kernel = (config.kernel_size ?? config.pool_size)[0];
    const stride = (config.strides ?? config.pool_size)[0];
    const dilation = config.dilation_rate?.[0] ?? 1;
    assert.is(config.padding, 'valid', 'this expectation handles valid padding only');
    [low, high] = [low * stride, high * stride + (kernel - 1) * dilation];
  }
  return { top: low, left: low, bottom: high, right: high };
}

/** Evaluates `fn` with the widget's shadow root. */
function inWidget<T>(fn: (root: ShadowRoot, el: any) => T | Promise<T>): Promise<T> {
  return ctx.page.evaluate(`(${fn.toString()})(document.querySelector('conv-lens').shadowRoot, document.querySelector('conv-lens'))`) as Promise<T>;
}

const test = suite('<conv-lens> on the demo page');

test.before(async () => {
  assert.ok(existsSync(new URL('../../dist/convlens.js', import.meta.url)), 'dist/convlens.js is missing: run node build.mjs first');
  mkdirSync(ARTIFACTS, { recursive: true });
  ctx.server = await startServer({});
  ctx.browser = await launchChromium();
  ctx.page = await ctx.browser.context.newPage();
  ctx.page.on('pageerror', (error) => console.error('pageerror:', error.message));
  await ctx.page.goto(`${ctx.server.url}?lang=ko`);
  await ctx.page.evaluate(async () => {
    const el = document.querySelector('conv-lens') as any;
    await customElements.whenDefined('conv-lens');
    await el.ready;
    // Every piece of the layer atlases put on a canvas during the run, by layer and size.
    const puts: { layer: string; width: number; height: number }[] = ((globalThis as any).atlasPuts = []);
    const put = CanvasRenderingContext2D.prototype.putImageData;
    CanvasRenderingContext2D.prototype.putImageData = function (this: CanvasRenderingContext2D, image: ImageData, ...rest: any[]) {
      const canvas = this.canvas;
      if (canvas.classList.contains('atlas-canvas')) puts.push({ layer: (canvas.closest('.layer') as HTMLElement).dataset.layer!, width: image.width, height: image.height });
      return (put as any).call(this, image, ...rest);
    } as typeof put;
    (globalThis as any).done = await el.run('./samples/chelsea.png');
  });
});

test.after(async () => {
  await ctx.browser?.close();
  await ctx.server?.close();
});

test('paints all 640 tiles of the default model into one canvas per layer', async () => {
  await ctx.page.waitForFunction(() => {
    const root = document.querySelector('conv-lens')!.shadowRoot!;
    return [...root.querySelectorAll<HTMLElement>('.layer')].every((l) => l.dataset.painted === l.dataset.tiles && l.querySelectorAll('.tile').length === Number(l.dataset.tiles));
  });
  const painted = await inWidget((root) => {
    let opaque = 0;
    for (const layer of root.querySelectorAll('.layer')) {
      const canvas = layer.querySelector('canvas')!;
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const box = canvas.getBoundingClientRect();
      for (const tile of layer.querySelectorAll('.tile')) {
        const r = tile.getBoundingClientRect();
        const x = Math.floor(((r.left + r.width / 2 - box.left) / box.width) * canvas.width);
        const y = Math.floor(((r.top + r.height / 2 - box.top) / box.height) * canvas.height);
        if (pixels[(y * canvas.width + x) * 4 + 3] === 255) opaque++;
      }
    }
    return { opaque, canvases: root.querySelectorAll('canvas.atlas-canvas').length, tiles: root.querySelectorAll('.tile').length };
  });
  assert.equal(painted, { opaque: 640, canvases: 6, tiles: 640 });
});

// How long the main thread is busy is measured by the benchmark (bench/: "warm: longest
// main-thread task"), not here. What keeps those tasks short is checked: a layer is painted
// in steps whose tiles hold at most PIXELS_PER_STEP pixels (tileChunk), never all at once.
test('paints each layer in steps of at most PIXELS_PER_STEP tile pixels, the big layers in many steps', async () => {
  const puts: { layer: string; width: number; height: number }[] = await ctx.page.evaluate(() => (globalThis as any).atlasPuts);
  const layers = await inWidget((root) => [...root.querySelectorAll<HTMLElement>('.layer')].map((l) => l.dataset.layer!));
  assert.is(layers.length, 6);
  // A tile's width and the gap as the atlas canvas gives them (the first layer's tiles hold a kernel box beside the map).
  const geometry: Record<string, { tile: number; gap: number }> = await inWidget((root) => Object.fromEntries([...root.querySelectorAll<HTMLCanvasElement>('.layer .atlas-canvas')]
    .map((c) => [c.closest<HTMLElement>('.layer')!.dataset.layer!, { tile: Number(c.dataset.tileWidth), gap: Number(c.dataset.gap) }])));
  for (const layer of layers) {
    // A step is one band of a tile row: n tiles and the n - 1 gaps between them.
    const { tile, gap } = geometry[layer];
    const steps = puts.filter((p) => p.layer === layer).map(({ width, height }) => ({ tiles: (width + gap) / (tile + gap), side: height }));
    assert.ok(steps.length >= 1, `${layer} was painted`);
    let painted = 0;
    for (const { tiles, side } of steps) {
      assert.ok(Number.isInteger(tiles), `${layer}: a band of whole tiles`);
      painted += tiles * tile * side;
      assert.ok(tiles === 1 || tiles * tile * side <= PIXELS_PER_STEP, `${layer}: a step of ${tiles} tiles of ${tile}×${side}`);
    }
    assert.ok(steps.length >= Math.ceil(painted / PIXELS_PER_STEP), `${layer}: ${painted} tile pixels in ${steps.length} steps`);
    // The first step is an eighth of that (the paint code may still run in the interpreter).
    const first = steps[0];
    assert.ok(first.tiles === 1 || first.tiles * tile * first.side <= FIRST_STEP_PIXELS, `${layer}: a first step of ${first.tiles} tiles of ${tile}×${first.side}`);
  }
  // conv2d_2: 128 tiles of 11×11 values, 33×33 canvas pixels each (139,392 pixels).
  const conv2d2 = puts.filter((p) => p.layer === 'conv2d_2');
  assert.ok(conv2d2.length >= 9, `conv2d_2 took ${conv2d2.length} steps`);
  console.log(`atlas steps per layer: ${layers.map((l) => `${l} ${puts.filter((p) => p.layer === l).length}`).join(', ')}`);
});

test('returns the six lecture layers with their shapes from el.activations()', async () => {
  const layers = await ctx.page.evaluate(async () => {
    const list = await (document.querySelector('conv-lens') as any).activations();
    return list.map((a: any) => ({ name: a.name, shape: a.shape, length: a.data.length, isFloat: a.data instanceof Float32Array }));
  });
  assert.equal(layers.map((l: any) => [l.name, l.shape]), LECTURE_SHAPES);
  for (const l of layers) assert.ok(l.isFloat && l.length === l.shape.reduce((a: number, b: number) => a * b, 1));
});

test('reports the backend, the done event’s top classes and the inactive counts', async () => {
  const info = await ctx.page.evaluate(() => ({ backend: (document.querySelector('conv-lens') as any).backend, done: (globalThis as any).done }));
  assert.is(info.backend.backend, 'wasm');
  assert.is(info.done.top.length, 5);
  assert.ok(info.done.top.every((c: any) => typeof c.name === 'string' && c.probability >= 0));
  const texts = await inWidget((root) => [...root.querySelectorAll('.layer .inactive')].map((e) => e.textContent));
  assert.is(texts.length, 6);
  assert.ok(texts.every((t) => /필터 \d+개 중 \d+개 비활성/.test(t ?? '')), texts.join(' | '));
});

test('opens the zoom with a colour bar and the value under the cursor', async () => {
  await ctx.page.locator('conv-lens .layer[data-layer="conv2d"] .tile[data-index="1"]').click();
  const zoom = await inWidget((root) => {
    const dialog = root.querySelector('dialog.zoom') as HTMLDialogElement;
    const bar = root.querySelector('.colour-bar') as HTMLCanvasElement;
    return {
      open: dialog.open, title: root.querySelector('.zoom-title')!.textContent, barWidth: bar.getBoundingClientRect().width,
      barPixels: bar.width, labels: [...root.querySelectorAll('.bar-labels span')].map((s) => s.textContent), value: root.querySelector('.cell-value')!.textContent,
    };
  });
  assert.ok(zoom.open);
  // Filters count from 0, as in activations[0][0, :, :, 1].
  assert.is(zoom.title, 'conv2d · 필터 1 (0–31)');
  assert.ok(zoom.barWidth > 100 && zoom.barPixels === 256);
  assert.is(zoom.labels.length, 2);
  assert.match(zoom.value!, /^\(행 0, 열 0\) = /);
  await ctx.page.keyboard.press('Escape');
  assert.not.ok(await inWidget((root) => (root.querySelector('dialog.zoom') as HTMLDialogElement).open));
});

test('outlines the input region that cell (0, 0) of conv2d_3 sees', async () => {
  await ctx.page.locator('conv-lens .layer[data-layer="conv2d_3"] .tile[data-index="0"]').click();
  const measured = await inWidget((root) => {
    const frame = root.querySelector('.zoom-input')!.getBoundingClientRect();
    const box = root.querySelector('.rf-frame .rf-box')!.getBoundingClientRect();
    const scale = 32 / frame.width;
    return { top: (box.top - frame.top) * scale, left: (box.left - frame.left) * scale, bottom: (box.bottom - frame.top) * scale - 1, right: (box.right - frame.left) * scale - 1 };
  });
  const expected = expectedField('conv2d_3');
  for (const side of ['top', 'left', 'bottom', 'right'] as const) {
    assert.ok(Math.abs(measured[side] - expected[side]) < 0.25, `${side}: ${measured[side]} vs ${expected[side]}`);
  }
  await ctx.page.keyboard.press('Escape');
});

test('steps to the previous and next filter without closing, and closes on a click beside it', async () => {
  const zoom = () => inWidget((root) => {
    const map = root.querySelector('.zoom-map') as HTMLCanvasElement;
    const data = map.getContext('2d')!.getImageData(0, 0, map.width, map.height).data;
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) hash = (hash * 31 + data[i] + data[i + 1] * 7) % 1_000_000_007;
    return {
      open: (root.querySelector('dialog.zoom') as HTMLDialogElement).open, title: root.querySelector('.zoom-title')!.textContent, hash,
      prevDisabled: (root.querySelector('.zoom-prev') as HTMLButtonElement).disabled,
    };
  });
  await ctx.page.locator('conv-lens .layer[data-layer="conv2d"] .tile[data-index="1"]').click();
  const one = await zoom();
  assert.is(one.title, 'conv2d · 필터 1 (0–31)');
  await ctx.page.locator('conv-lens .zoom-next').click();
  const two = await zoom();
  assert.equal([two.open, two.title], [true, 'conv2d · 필터 2 (0–31)']);
  assert.is.not(two.hash, one.hash, 'the map shows the next filter');
  await ctx.page.keyboard.press('PageUp');
  await ctx.page.keyboard.press('PageUp');
  const zero = await zoom();
  assert.equal([zero.open, zero.title, zero.prevDisabled], [true, 'conv2d · 필터 0 (0–31)', true]);
  await ctx.page.mouse.click(3, 3);
  assert.not.ok((await zoom()).open, 'a click on the backdrop closes the zoom');
});

test('a summary row leads to its grid, and the colour-range control says which range is in use', async () => {
  await ctx.page.locator('conv-lens .summary-panel summary').click();
  await ctx.page.locator('conv-lens button.to-grid[data-layer="conv2d_2"]').click();
  const focused = await inWidget((root) => (root.activeElement as HTMLElement | null)?.closest('.layer')?.getAttribute('data-layer'));
  assert.is(focused, 'conv2d_2', 'focus moved to the grid of the row');
  const hash = () => inWidget((root) => {
    const canvas = root.querySelector('.layer[data-layer="conv2d"] canvas') as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 0;
    for (let i = 0; i < data.length; i += 4) h = (h * 31 + data[i]) % 1_000_000_007;
    return h;
  });
  const note = () => inWidget((root) => root.querySelector('.mode-note')!.textContent);
  assert.is(await note(), MESSAGES.ko.normalizeNoteChannel);
  const before = await hash();
  await ctx.page.locator('conv-lens .normalize input[value="global"]').check();
  await ctx.page.waitForFunction(() => [...document.querySelector('conv-lens')!.shadowRoot!.querySelectorAll<HTMLElement>('.layer')]
    .every((l) => l.dataset.painted === l.dataset.tiles && l.querySelectorAll('.tile').length === Number(l.dataset.tiles)));
  assert.is(await note(), MESSAGES.ko.normalizeNoteGlobal);
  assert.is.not(await hash(), before, 'repainted under one range for all layers');
  await ctx.page.locator('conv-lens .normalize input[value="channel"]').check();
  await ctx.page.waitForFunction(() => [...document.querySelector('conv-lens')!.shadowRoot!.querySelectorAll<HTMLElement>('.layer')]
    .every((l) => l.dataset.painted === l.dataset.tiles && l.querySelectorAll('.tile').length === Number(l.dataset.tiles)));
  assert.is(await hash(), before);
  await ctx.page.locator('conv-lens .summary-panel summary').click();
});

test('reaches each grid with Tab, moves with arrows, opens with Enter and closes with Escape', async () => {
  const active = () => ctx.page.evaluate(() => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    const tile = a as HTMLElement | null;
    return { layer: tile?.closest('.layer')?.getAttribute('data-layer') ?? null, index: tile?.dataset.index ?? null };
  });
  await ctx.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  // From the colour-range control just above the grids.
  await ctx.page.locator('conv-lens .normalize input:checked').focus();
  const reached: string[] = [];
  // Each grid's header has its buttons too (PNG, the first layer's filters): tiles are counted.
  for (let i = 0; i < 30 && reached.length < 6; i++) {
    await ctx.page.keyboard.press('Tab');
    const now = await active();
    if (now.layer && now.index !== null) reached.push(now.layer);
  }
  assert.equal(reached, LECTURE_SHAPES.map(([name]) => name), 'one Tab stop per grid, in order');
  // Back past conv2d_3's header buttons to the previous grid's tile.
  for (let i = 0; i < 4 && (await active()).layer !== 'max_pooling2d_1'; i++) await ctx.page.keyboard.press('Shift+Tab');
  await ctx.page.keyboard.press('ArrowRight');
  await ctx.page.keyboard.press('ArrowDown');
  // The tile below tile 1: its row holds as many tiles as fit the width.
  const columns = await inWidget((root) => {
    const tiles = [...root.querySelectorAll<HTMLElement>('.layer[data-layer="max_pooling2d_1"] .tile')];
    const top = tiles[0].getBoundingClientRect().top;
    return tiles.filter((tile) => Math.abs(tile.getBoundingClientRect().top - top) < 1).length;
  });
  assert.ok(columns >= 8, `${columns} per row`);
  const below = String(1 + columns);
  assert.equal(await active(), { layer: 'max_pooling2d_1', index: below });
  await ctx.page.keyboard.press('Enter');
  assert.ok(await inWidget((root) => (root.querySelector('dialog.zoom') as HTMLDialogElement).open));
  await ctx.page.keyboard.press('Escape');
  assert.not.ok(await inWidget((root) => (root.querySelector('dialog.zoom') as HTMLDialogElement).open));
  assert.equal(await active(), { layer: 'max_pooling2d_1', index: below }, 'focus returns to the tile');
});

test('switches every text between Korean and English live', async () => {
  const texts = () => inWidget((root) => ({
    title: root.querySelector('h2.title')!.textContent,
    inactive: root.querySelector('.layer .inactive')!.textContent,
    tile: root.querySelector('.tile')!.getAttribute('aria-label'),
    lang: root.querySelector('.frame')!.getAttribute('lang'),
  }));
  const korean = await texts();
  assert.is(korean.title, '신경망이 보는 것');
  await ctx.page.locator('#lang-switch').click();
  const english = await texts();
  assert.is(english.title, 'What the network sees');
  assert.match(english.inactive!, /^\d+ \/ 32 filters inactive$/);
  assert.match(english.tile!, /^conv2d, filter 0 \(0–31\), max [\d.e+-]+, \d+% zero$/);
  assert.is(english.lang, 'en');
  await ctx.page.evaluate(() => document.querySelector('conv-lens')!.setAttribute('lang', 'ko'));
  assert.is((await texts()).title, '신경망이 보는 것');
});

test('repaints under another normalisation and relays tiles out under another column count', async () => {
  const snapshot = () => inWidget((root) => {
    const canvas = root.querySelector('.layer[data-layer="conv2d"] canvas') as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) hash = (hash * 31 + data[i] + data[i + 1] * 7) % 1_000_000_007;
    return { hash, width: canvas.width, height: canvas.height };
  });
  const allPainted = () => ctx.page.waitForFunction(() => [...document.querySelector('conv-lens')!.shadowRoot!.querySelectorAll<HTMLElement>('.layer')]
    .every((l) => l.dataset.painted === l.dataset.tiles && l.querySelectorAll('.tile').length === Number(l.dataset.tiles)));
  const before = await snapshot();
  await ctx.page.evaluate(() => document.querySelector('conv-lens')!.setAttribute('normalize', 'layer'));
  await allPainted();
  const layer = await snapshot();
  assert.is.not(layer.hash, before.hash, 'colours change from per-channel to per-layer ranges');
  // Without the attribute the rows fit the width (16 here); `columns` sets them.
  await ctx.page.evaluate(() => document.querySelector('conv-lens')!.setAttribute('columns', '4'));
  await allPainted();
  const narrow = await snapshot();
  assert.ok(narrow.width < before.width && narrow.height > before.height, '32 tiles in 8 rows of 4');
  await ctx.page.evaluate(() => {
    const el = document.querySelector('conv-lens')!;
    el.removeAttribute('columns');
    el.removeAttribute('normalize');
  });
  await allPainted();
  assert.equal(await snapshot(), before);
});

/** Screenshots the whole widget; the viewport grows to hold it, so every layer is rendered (content-visibility). */
async function shoot(width: number, file: string): Promise<void> {
  await ctx.page.setViewportSize({ width, height: 800 });
  const height = await ctx.page.evaluate(() => document.querySelector('conv-lens')!.getBoundingClientRect().height);
  await ctx.page.setViewportSize({ width, height: Math.ceil(height) + 40 });
  await ctx.page.locator('conv-lens').scrollIntoViewIfNeeded();
  await ctx.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await ctx.page.locator('conv-lens').screenshot({ path: new URL(file, ARTIFACTS).pathname });
}

test('saves screenshots of the widget at desktop and phone widths, with no sideways scrolling', async () => {
  await shoot(1100, 'widget-1100.png');
  await ctx.page.setViewportSize({ width: 360, height: 760 });
  const overflow = await ctx.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 360, `the page is ${overflow} px wide at 360`);
  await shoot(360, 'widget-360.png');
  assert.ok(existsSync(new URL('widget-1100.png', ARTIFACTS)) && existsSync(new URL('widget-360.png', ARTIFACTS)));
});

if (hasChromium()) test.run();
else console.log('SKIP widget browser test: no Chromium at', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');

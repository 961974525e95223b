/**
 * Grad-CAM of a PyTorch model (ONNX) in the real widget on the demo page, in headless
 * Chromium: lecture-cifar10.onnx dropped on the widget, its card answered, a run, then the
 * Grad-CAM button paints the heatmap of the top class on Relu_3 (3×3) over the photo and
 * the input, el.explain() resolves with the map's shape, and the map equals the Node
 * engine's Grad-CAM of the same 32×32 input.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm/dist/base';
import type { Page } from 'playwright-core';
import { startServer } from '../../serve.mjs';
import { hasChromium, launchChromium, type LaunchedBrowser } from './chromium';
import { widgetReady } from './widget-defined';
import { registerWasmKernels } from '../../worker/kernels';
import { gradCam } from '../../worker/engine/grad-cam';
import { toModelInput } from '../../worker/image/resize';
import { loadGiven } from '../helpers/keras-fixtures';
import { maxRelativeError } from '../helpers/reference';
import { sharedPath } from '../helpers/shared';
import { skipPart } from '../helpers/skip';

const LECTURE = sharedPath('fixtures/pytorch-onnx/lecture-cifar10.onnx');
const VIRIDIS_TOP = [0xfd, 0xe7, 0x25];

interface Ctx { browser: LaunchedBrowser; server: Awaited<ReturnType<typeof startServer>>; page: Page }
const ctx = {} as Ctx;

function inWidget<T>(fn: (root: ShadowRoot) => T): Promise<T> {
  return ctx.page.evaluate(`(${fn.toString()})(document.querySelector('conv-lens').shadowRoot)`) as Promise<T>;
}

const readyCount = () => ctx.page.evaluate(() => (globalThis as any).ready as number);
const nextReady = (before: number) => ctx.page.waitForFunction((before) => (globalThis as any).ready > before, before, { timeout: 120_000 });

function drop(name: string, bytes: Uint8Array): Promise<void> {
  return ctx.page.evaluate(([name, base64]) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name));
    const panel = document.querySelector('conv-lens')!.shadowRoot!.querySelector('.input-panel')!;
    panel.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true }));
  }, [name, Buffer.from(bytes).toString('base64')] as const);
}

const test = suite('<conv-lens> Grad-CAM of an ONNX model');

if (!hasChromium()) {
  skipPart('widget-onnx-explain browser test: /usr/bin/chromium is not installed');
} else if (!LECTURE) {
  skipPart('widget-onnx-explain browser test: ../shared/fixtures/pytorch-onnx/lecture-cifar10.onnx is not present');
} else {
  const lecture = new Uint8Array(readFileSync(LECTURE));

  test.before(async () => {
    assert.ok(existsSync(new URL('../../dist/convlens.js', import.meta.url)), 'dist/convlens.js is missing: run node build.mjs first');
    ctx.server = await startServer({ isolated: false });
    ctx.browser = await launchChromium();
    await ctx.browser.context.addInitScript(() => {
      (globalThis as any).ready = 0;
      document.addEventListener('convlens:ready', () => (globalThis as any).ready++);
      try {
        sessionStorage.clear();
      } catch {
        // no storage: nothing to clear
      }
    });
    ctx.page = await ctx.browser.context.newPage();
    ctx.page.on('pageerror', (error) => console.error('pageerror:', error.message));
    await ctx.page.setViewportSize({ width: 1280, height: 900 });
    await ctx.page.goto(`${ctx.server.url}?lang=en`);
    await widgetReady(ctx.page);
  });

  test.after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });

  test('the dropped lecture-cifar10.onnx, its card answered (0–1, no normalisation), runs on chelsea; its input reads (1, C, H, W)', async () => {
    let ready = await readyCount();
    await drop('lecture-cifar10.onnx', lecture);
    await nextReady(ready);
    ready = await readyCount();
    await ctx.page.locator('conv-lens input[value=unit]').check();
    await ctx.page.locator('conv-lens input[name=normalization][value=none]').check();
    await ctx.page.locator('conv-lens .card-apply').click();
    await nextReady(ready);
    const top = await ctx.page.evaluate(async () => (await (document.querySelector('conv-lens') as any).run('/samples/chelsea.png')).top[0]);
    assert.is(top.name, '3', 'class 3 (cat) on top; an ONNX file names no classes');
    const tensor = await inWidget((root) => root.querySelector('.tensor')!.textContent);
    assert.is(tensor, 'float32 (1, 3, 32, 32)', 'the input in the model\'s own layout (N, C, H, W)');
  });

  test('the Grad-CAM button paints the heatmap of the top class on Relu_3; el.explain() resolves with shape [3, 3]', async () => {
    await inWidget((root) => [...root.querySelectorAll<HTMLElement>('.explain-open')].find((b) => b.offsetParent)!.click());
    await ctx.page.waitForFunction(() => {
      const panel = document.querySelector('conv-lens')!.shadowRoot!.querySelector<HTMLElement>('.explain');
      return panel?.getAttribute('aria-busy') === 'false' && panel.dataset.layer === 'Relu_3';
    }, undefined, { timeout: 120_000 });
    const explained = await ctx.page.evaluate(async () => {
      const r = await (document.querySelector('conv-lens') as any).explain();
      return { layer: r.layer, classIndex: r.classIndex, shape: r.shape, typed: r.map instanceof Float32Array, map: Array.from(r.map as Float32Array) };
    });
    assert.equal([explained.layer, explained.classIndex, explained.shape, explained.typed, explained.map.length], ['Relu_3', 3, [3, 3], true, 9]);
    await ctx.page.waitForFunction(() => {
      const heat = document.querySelector('conv-lens')!.shadowRoot!.querySelector<HTMLCanvasElement>('.explain-photo .heat')!;
      return heat.width === 3 && heat.getContext('2d')!.getImageData(0, 0, 3, 3).data.some((v) => v > 0);
    });
    const shown = await inWidget((root) => {
      const panel = root.querySelector<HTMLElement>('.explain')!;
      const heat = panel.querySelector<HTMLCanvasElement>('.explain-photo .heat')!;
      const layers = [...panel.querySelectorAll<HTMLOptionElement>('.explain-layer option')].map((o) => o.value).filter((v) => v !== '');
      return { size: [heat.width, heat.height], pixels: Array.from(heat.getContext('2d')!.getImageData(0, 0, heat.width, heat.height).data), inputHeat: panel.querySelector<HTMLCanvasElement>('.explain-input-frame .heat')!.width, layers };
    });
    assert.equal([shown.size, shown.inputHeat], [[3, 3], 3]);
    const top = explained.map.indexOf(Math.max(...explained.map));
    assert.equal(shown.pixels.slice(top * 4, top * 4 + 3), VIRIDIS_TOP, 'the map\'s maximum is viridis\' last colour');
    assert.ok(shown.layers.includes('Relu_3') && shown.layers.includes('conv2d/Conv'), `layers to pick: ${shown.layers.join(', ')}`);

    // The same 32×32 pixels the widget gave the model, through the Node engine.
    const rgba = await inWidget((root) => {
      const canvas = root.querySelector<HTMLCanvasElement>('canvas.model-input')!;
      return Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data);
    });
    assert.is(rgba.length, 32 * 32 * 4);
    setWasmPaths(fileURLToPath(new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)));
    registerWasmKernels();
    assert.ok(await tf.setBackend('wasm'));
    const loaded = await loadGiven([{ name: 'lecture-cifar10.onnx', bytes: lecture }]);
    const expected = await gradCam(loaded, toModelInput(Uint8ClampedArray.from(rgba), 3, 1 / 255), { classIndex: 3 });
    const error = maxRelativeError(Float32Array.from(explained.map), expected.map);
    assert.ok(error <= 1e-4, `map: relative error ${error} against the Node engine`);
  });

  test('a chosen earlier layer of the ONNX graph: MaxPool_1 (5×5) for class 5', async () => {
    const r = await ctx.page.evaluate(async () => {
      const r = await (document.querySelector('conv-lens') as any).explain({ classIndex: 5, layer: 'MaxPool_1' });
      return { layer: r.layer, classIndex: r.classIndex, shape: r.shape, length: r.map.length };
    });
    assert.equal(r, { layer: 'MaxPool_1', classIndex: 5, shape: [5, 5], length: 25 });
  });

  test.run();
}

/**
 * A PyTorch model in the real widget on the demo page, in headless Chromium: the exported
 * mobilenet-v2-torchvision.onnx dropped on the widget asks its card (pixel scale, ImageNet
 * normalisation, the logits note); once answered it renders its layers with channels-first
 * shapes, computing exactly what the Node engine computes on the same normalised input. A
 * text file named .onnx and an ONNX model with an unsupported operator are refused with
 * messages naming what was found, and the model in use keeps working; a graph with an open
 * input size makes the card ask it.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startServer } from '../../serve.mjs';
import { hasChromium, launchChromium, type LaunchedBrowser } from './chromium';
import { widgetReady } from './widget-defined';
import { hearWidgetEvents, widgetDriver } from './widget-driver';
import { sharedPath } from '../helpers/shared';
import { MESSAGES } from '../../src/languages/i18n';
import { SUPPORTED_FORMATS } from '../../worker/format/errors';
import { toModelInput } from '../../worker/image/resize';
import { loadGiven, runLayers } from '../helpers/keras-fixtures';
import { useBackend } from '../helpers/node-engine';
import { onnxBytes, tensor } from '../helpers/onnx-builder';
import { maxRelativeError } from '../helpers/reference';

const MOBILENET = sharedPath('fixtures/pytorch-onnx/mobilenet-v2-torchvision.onnx');
const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
const SHOTS = process.env.CONVLENS_SHOTS ?? '';
/** Screenshots may be taken in Korean too; the assertions then compare with the Korean messages. */
const SHOTS_LANG = process.env.CONVLENS_LANG === 'ko' ? 'ko' : 'en';
const t = MESSAGES[SHOTS_LANG];

interface Ctx { browser: LaunchedBrowser; server: Awaited<ReturnType<typeof startServer>>; page: Page }
const ctx = {} as Ctx;

const { inWidget, count, next, drop } = widgetDriver(() => ctx.page, 120_000);

/** `el.run(src)` and the activations: names, shapes, the first layer's values, the top classes and the input preview. */
function runAll(src: string, keep = ''): Promise<{ layers: [string, number[]][]; kept: number[]; top: string[]; rgba: number[] } | string> {
  return ctx.page.evaluate(async ([src, keep]) => {
    const lens = document.querySelector('conv-lens') as any;
    try {
      const { top } = await lens.run(src);
      const activations = await lens.activations();
      const kept = activations.find((a: any) => a.name === keep);
      const canvas = lens.shadowRoot.querySelector('canvas.model-input') as HTMLCanvasElement;
      const rgba = Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data);
      return { layers: activations.map((a: any) => [a.name, a.shape]), kept: kept ? Array.from(kept.data as Float32Array) : [], top: top.map((s: any) => s.name), rgba };
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  }, [src, keep] as const);
}

const alertShown = () => inWidget((root) => {
  const box = root.querySelector<HTMLElement>('.error')!;
  return { hidden: box.hidden, headline: box.querySelector('.headline')?.textContent ?? '', detail: box.querySelector('.detail')?.textContent ?? '' };
});

async function screenshots(name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 375]) {
    await ctx.page.setViewportSize({ width, height: 900 });
    await ctx.page.waitForTimeout(300);
    await ctx.page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: false });
    await ctx.page.locator('conv-lens .model-panel').screenshot({ path: `${SHOTS}/${name}-card-${width}.png` });
  }
  await ctx.page.setViewportSize({ width: 1280, height: 900 });
}

/** An ONNX file a PyTorch export of nn.Upsample would give: Conv, then Resize (not supported). */
function upsampleModel(): Uint8Array {
  return onnxBytes({
    inputs: [{ name: 'input', dims: [1, 3, 32, 32] }],
    output: 'output',
    initializers: [tensor('conv.weight', [4, 3, 3, 3], new Array(108).fill(0.01)), tensor('scales', [4], [1, 1, 2, 2])],
    nodes: [
      { op: 'Conv', inputs: ['input', 'conv.weight'], outputs: ['c'], name: '/conv/Conv', attributes: { kernel_shape: [3, 3] } },
      { op: 'Resize', inputs: ['c', '', 'scales'], outputs: ['output'], name: '/up/Resize', attributes: { mode: 'nearest' } },
    ],
  });
}

/** A small ONNX classifier exported with dynamic axes (batch, height, width): Conv, Relu, GlobalAveragePool, Flatten, Gemm. */
function dynamicModel(): Uint8Array {
  return onnxBytes({
    inputs: [{ name: 'input', dims: [null, 3, null, null] }],
    output: 'logits',
    initializers: [
      tensor('conv.weight', [4, 3, 3, 3], Array.from({ length: 108 }, (_, i) => ((i % 7) - 3) / 10)),
      tensor('fc.weight', [2, 4], [1, -1, 0.5, 0.25, -0.5, 1, 0.25, 1]),
      tensor('fc.bias', [2], [0.1, -0.1]),
    ],
    nodes: [
      { op: 'Conv', inputs: ['input', 'conv.weight'], outputs: ['c'], name: '/conv/Conv', attributes: { kernel_shape: [3, 3] } },
      { op: 'Relu', inputs: ['c'], outputs: ['r'], name: '/Relu' },
      { op: 'GlobalAveragePool', inputs: ['r'], outputs: ['g'], name: '/pool/GlobalAveragePool' },
      { op: 'Flatten', inputs: ['g'], outputs: ['f'], name: '/Flatten' },
      { op: 'Gemm', inputs: ['f', 'fc.weight', 'fc.bias'], outputs: ['logits'], name: '/fc/Gemm', attributes: { transB: 1 } },
    ],
  });
}

const test = suite('<conv-lens> with a PyTorch model (ONNX)');

if (!hasChromium()) {
  console.log('SKIP widget-onnx browser test: /usr/bin/chromium is not installed');
} else if (!MOBILENET) {
  console.log('SKIP widget-onnx browser test: ../shared/fixtures/pytorch-onnx is not present');
} else {
  const mobilenet = new Uint8Array(readFileSync(MOBILENET));

  test.before(async () => {
    assert.ok(existsSync(new URL('../../dist/convlens.js', import.meta.url)), 'dist/convlens.js is missing: run node build.mjs first');
    ctx.server = await startServer({ isolated: false });
    ctx.browser = await launchChromium();
    await ctx.browser.context.addInitScript(hearWidgetEvents);
    ctx.page = await ctx.browser.context.newPage();
    ctx.page.on('pageerror', (error) => console.error('pageerror:', error.message));
    await ctx.page.goto(`${ctx.server.url}?lang=${SHOTS_LANG}`);
    await widgetReady(ctx.page);
  });

  test.after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });

  test('the dropped .onnx asks its card: pixel scale, normalisation (none or ImageNet), and says it ends in logits', async () => {
    const ready = await count('convlens:ready');
    await drop([{ name: 'mobilenet-v2-torchvision.onnx', bytes: mobilenet }]);
    const detail = await next('convlens:ready', ready);
    assert.ok(detail.layers.includes('features.0.0/Conv') && detail.layers.includes('features.1/conv.0.0/Conv'), `default layers: ${detail.layers.slice(0, 5)}`);
    const card = await inWidget((root) => ({
      asking: !root.querySelector<HTMLFormElement>('form.card-ask')!.hidden,
      normalization: !root.querySelector<HTMLElement>('.card-normalization')!.hidden,
      none: root.querySelector<HTMLInputElement>('input[name=normalization][value=none]')!.checked,
      logits: root.querySelector<HTMLElement>('.card-logits-note')!.hidden ? '' : root.querySelector('.card-logits-note')!.textContent,
      names: root.querySelector<HTMLInputElement>('.class-names')!.value,
      inUse: root.querySelector('.model-in-use')?.textContent,
    }));
    assert.equal(card, { asking: true, normalization: true, none: true, logits: t.cardLogits, names: '0, 1, 2, 3, 4, 5, 6, 7, 8, 9', inUse: t.modelInUse('mobilenet-v2-torchvision.onnx') });
    await screenshots('onnx-card');
  });

  test('answered with 0–1 and ImageNet, it renders its layers in channels-first shapes, as the Node engine computes them', async () => {
    const ready = await count('convlens:ready');
    await ctx.page.locator('conv-lens input[value=unit]').check();
    await ctx.page.locator('conv-lens input[name=normalization][value=imagenet]').check();
    await ctx.page.locator('conv-lens .card-apply').click();
    await next('convlens:ready', ready);
    const ran = await runAll('/samples/chelsea.png', 'features.0.0/Conv');
    assert.ok(typeof ran !== 'string', String(ran));
    assert.equal(ran.layers[0], ['features.0.0/Conv', [1, 112, 112, 32]]);
    const grids = await inWidget((root) => [...root.querySelectorAll('.layer')].slice(0, 2).map((l) => [(l as HTMLElement).dataset.layer, l.querySelector('.shape')?.textContent, l.querySelectorAll('canvas').length]));
    assert.equal(grids, [['features.0.0/Conv', '(1, 32, 112, 112)', 1], ['features.0.2/Clip', '(1, 32, 112, 112)', 1]]);
    const facts = await inWidget((root) => [root.querySelector('.card-norm')?.textContent, root.querySelector('.card-logits')?.textContent]);
    assert.equal(facts, [t.cardNormFact(IMAGENET.mean.join(', '), IMAGENET.std.join(', ')), t.cardLogits]);
    // The same 224×224 pixels, scaled and normalised in Node, through the Node engine.
    await useBackend('wasm');
    const input = toModelInput(Uint8ClampedArray.from(ran.rgba), 3, 1 / 255, IMAGENET);
    const node = await runLayers(await loadGiven([{ name: 'mobilenet-v2-torchvision.onnx', bytes: mobilenet }]), input, ['features.0.0/Conv']);
    const error = maxRelativeError(Float32Array.from(ran.kept), node.results.get('features.0.0/Conv')!.data);
    assert.ok(error <= 1e-4, `features.0.0/Conv: relative error ${error}`);
    await screenshots('onnx-layers');
  });

  test('a text file named .onnx is refused as text; the ONNX model keeps working', async () => {
    const errors = await count('convlens:error');
    await drop([{ name: 'model.onnx', bytes: new TextEncoder().encode('torch.onnx.export(model, x, "model.onnx")\n') }]);
    const detail = await next('convlens:error', errors);
    const expected = `model.onnx is not a model file: it is plain text. ${SUPPORTED_FORMATS}.`;
    assert.is(detail.message, expected);
    assert.equal((await alertShown()).detail, expected);
    const ran = await runAll('/samples/coffee.png');
    assert.ok(typeof ran !== 'string', String(ran));
    assert.is(ran.layers[0][0], 'features.0.0/Conv');
  });

  test('an ONNX model with an unsupported operator is refused naming it and its node; the model in use keeps working', async () => {
    const errors = await count('convlens:error');
    await drop([{ name: 'upsample.onnx', bytes: upsampleModel() }]);
    const detail = await next('convlens:error', errors);
    assert.match(detail.message, /^upsample\.onnx: Resize node "\/up\/Resize" is an operator convlens does not support\. Supported: .*Conv/);
    assert.is(detail.code, 'model-unknown-layer');
    const shown = await alertShown();
    assert.equal([shown.hidden, shown.headline], [false, t.errModelLayer]);
    await screenshots('onnx-refused');
    const ran = await runAll('/samples/rocket.jpg');
    assert.ok(typeof ran !== 'string', String(ran));
    assert.is(ran.layers[0][0], 'features.0.0/Conv');
    assert.ok(ran.top.every((name) => /^\d$/.test(name)), `${ran.top}`);
  });

  test('a graph with an open input size makes the card ask it; the answer loads the model at that size', async () => {
    const errors = await count('convlens:error');
    await drop([{ name: 'dynamic.onnx', bytes: dynamicModel() }]);
    const detail = await next('convlens:error', errors);
    assert.is(detail.code, 'model-input-size');
    assert.match(detail.message, /^dynamic\.onnx: input "input" leaves axis 2 of \(\?, 3, \?, \?\) dynamic/);
    const asked = await inWidget((root) => ({ shown: !root.querySelector<HTMLElement>('form.card-size')!.hidden, headline: root.querySelector('form.card-size .card-headline')!.textContent }));
    assert.equal(asked, { shown: true, headline: t.sizeAsk('dynamic.onnx') });
    assert.is((await alertShown()).headline, t.errModelInputSize);
    await screenshots('onnx-size');
    const ready = await count('convlens:ready');
    await ctx.page.locator('conv-lens .size-height').fill('40');
    await ctx.page.locator('conv-lens .size-width').fill('56');
    await ctx.page.locator('conv-lens .size-apply').click();
    await next('convlens:ready', ready);
    const ran = await runAll('/samples/coffee.png');
    assert.ok(typeof ran !== 'string', String(ran));
    assert.equal(ran.layers.slice(0, 2), [['conv/Conv', [1, 38, 54, 4]], ['Relu', [1, 38, 54, 4]]]);
    const shown = await inWidget((root) => ({ asked: !root.querySelector<HTMLElement>('form.card-size')!.hidden, inUse: root.querySelector('.model-in-use')?.textContent }));
    assert.equal(shown, { asked: false, inUse: t.modelInUse('dynamic.onnx') });
  });

  test.run();
}

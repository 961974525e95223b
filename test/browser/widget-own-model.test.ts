/**
 * Bringing your own model through the real widget on the demo page, in headless Chromium:
 * a text file dropped on the widget is refused in the widget and the lecture model keeps
 * computing every layer; the MNIST .h5 dropped on it renders LeNet's layers on a 28×28
 * grayscale input; its model card asks, and applying 0–1 and class names changes the
 * prediction's labels; after a worker crash the kept file is loaded again; the `model`
 * attribute may name a .h5 URL; and the LeNet keeps working after another refusal.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startServer } from '../../serve.mjs';
import { hasChromium, launchChromium, type LaunchedBrowser } from './chromium';
import { widgetReady } from './widget-defined';
import { hearWidgetEvents, widgetDriver } from './widget-driver';
import { sharedPath } from '../helpers/shared';
import { MESSAGES } from '../../src/languages/i18n';
import { SUPPORTED_FORMATS } from '../../worker/format/errors';

const MNIST = sharedPath('fixtures/tensorspace-lenet-mnist/combined/mnist.h5');
const LECTURE_LAYERS = ['conv2d', 'max_pooling2d', 'conv2d_1', 'conv2d_2', 'max_pooling2d_1', 'conv2d_3'];
const LENET_ROWS = ['reshape_1', 'Conv2D_1', 'MaxPooling2D_1', 'Conv2D_2', 'MaxPooling2D_2', 'flatten_1', 'Dense_1', 'Dense_2', 'Softmax'];
const LENET_GRIDS = [['Conv2D_1', '(None, 24, 24, 6)'], ['MaxPooling2D_1', '(None, 12, 12, 6)'], ['Conv2D_2', '(None, 8, 8, 16)'], ['MaxPooling2D_2', '(None, 4, 4, 16)']];
const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const NOTES = 'my lecture notes, not a model\n';
const t = MESSAGES.en;

interface Ctx { browser: LaunchedBrowser; server: Awaited<ReturnType<typeof startServer>>; page: Page }
const ctx = {} as Ctx;

const { inWidget, count, next, drop } = widgetDriver(() => ctx.page, 60_000);

/** `el.run(src)`: every layer and the prediction; the computed layers' names and shapes, and the top class names. */
function runAll(src: string): Promise<{ layers: [string, number[]][]; top: string[] } | string> {
  return ctx.page.evaluate(async (src) => {
    const lens = document.querySelector('conv-lens') as any;
    try {
      const { top } = await lens.run(src);
      const layers = (await lens.activations()).map((a: any) => [a.name, a.shape]);
      return { layers, top: top.map((s: any) => s.name) };
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  }, src);
}

/** The widget's alert: hidden or not, headline and detail. */
const alertShown = () => inWidget((root) => {
  const box = root.querySelector<HTMLElement>('.error')!;
  return { hidden: box.hidden, headline: box.querySelector('.headline')?.textContent ?? '', detail: box.querySelector('.detail')?.textContent ?? '' };
});

const test = suite('<conv-lens> with your own model');

test.before(async () => {
  assert.ok(existsSync(new URL('../../dist/convlens.js', import.meta.url)), 'dist/convlens.js is missing: run node build.mjs first');
  ctx.server = await startServer({ isolated: false });
  ctx.browser = await launchChromium();
  await ctx.browser.context.addInitScript(hearWidgetEvents);
  ctx.page = await ctx.browser.context.newPage();
  ctx.page.on('pageerror', (error) => console.error('pageerror:', error.message));
  await ctx.page.goto(`${ctx.server.url}?lang=en`);
  await widgetReady(ctx.page);
});

test.after(async () => {
  await ctx.browser?.close();
  await ctx.server?.close();
});

test('shows the lecture model’s card read-only, with a "Choose a model" button', async () => {
  const card = await inWidget((root) => ({
    asking: !root.querySelector<HTMLFormElement>('.model-panel form.card-ask')!.hidden,
    classes: root.querySelector('.card-classes')?.textContent,
    button: root.querySelector('.model-panel button.choose-model')?.textContent,
    multiple: root.querySelector<HTMLInputElement>('.model-panel input[type=file]')!.multiple,
  }));
  assert.equal(card, { asking: false, classes: card.classes, button: t.chooseModel, multiple: true });
  assert.match(card.classes!, /^10 classes: airplane, automobile, bird/);
});

test('a dropped text file is refused in the widget, and the lecture model still computes every layer', async () => {
  const errors = await count('convlens:error');
  await drop([{ name: 'notes.txt', bytes: new TextEncoder().encode(NOTES), type: 'text/plain' }]);
  const detail = await next('convlens:error', errors);
  const expected = `notes.txt is not a model file: it is plain text. ${SUPPORTED_FORMATS}.`;
  assert.is(detail.message, expected);
  const shown = await alertShown();
  assert.equal({ hidden: shown.hidden, detail: shown.detail }, { hidden: false, detail: expected });
  assert.ok(shown.headline.length > 0, 'a translated headline over the detail');
  const ran = await runAll('/samples/coffee.png');
  assert.ok(typeof ran !== 'string', String(ran));
  assert.equal(ran.layers.map(([name]) => name), LECTURE_LAYERS);
  assert.ok((await alertShown()).hidden, 'the new photo cleared the message');
});

if (MNIST) {
  const mnist = new Uint8Array(readFileSync(MNIST));

  test('a dropped Keras .h5 renders its own layers on a 28×28 grayscale input, named by index', async () => {
    const ready = await count('convlens:ready');
    await drop([{ name: 'mnist.h5', bytes: mnist }]);
    const detail = await next('convlens:ready', ready);
    assert.equal(detail.layers, LENET_GRIDS.map(([name]) => name));
    const shown = await inWidget((root) => ({
      rows: [...root.querySelectorAll('table.summary tbody tr')].map((tr) => (tr as HTMLElement).dataset.layer),
      grids: [...root.querySelectorAll('.layer')].map((l) => [(l as HTMLElement).dataset.layer, l.querySelector('.shape')?.textContent]),
      inUse: root.querySelector('.model-in-use')?.textContent,
    }));
    assert.equal(shown, { rows: LENET_ROWS, grids: LENET_GRIDS, inUse: 'In use: mnist.h5' });
    const ran = await runAll('/samples/chelsea.png');
    assert.ok(typeof ran !== 'string', String(ran));
    assert.equal(ran.layers, [['Conv2D_1', [1, 24, 24, 6]], ['MaxPooling2D_1', [1, 12, 12, 6]], ['Conv2D_2', [1, 8, 8, 16]], ['MaxPooling2D_2', [1, 4, 4, 16]]]);
    assert.ok(ran.top.every((name) => /^\d$/.test(name)), `index names: ${ran.top}`);
    const input = await inWidget((root) => ({
      width: root.querySelector<HTMLCanvasElement>('.model-input')!.width, tensor: root.querySelector('.tensor')!.textContent,
    }));
    assert.equal(input, { width: 28, tensor: 'float32 (1, 28, 28, 1)' });
  });

  test('its model card asks; applying 0–1 and class names changes the prediction’s labels', async () => {
    const asked = await inWidget((root) => ({
      asking: !root.querySelector<HTMLFormElement>('form.card-ask')!.hidden,
      headline: root.querySelector('.card-headline')!.textContent,
      raw: root.querySelector<HTMLInputElement>('input[value=raw]')!.checked,
      names: root.querySelector<HTMLInputElement>('.class-names')!.value,
    }));
    assert.equal(asked, { asking: true, headline: t.cardAskHeadline, raw: true, names: '0, 1, 2, 3, 4, 5, 6, 7, 8, 9' });
    const ready = await count('convlens:ready');
    await ctx.page.locator('conv-lens input[value=unit]').check();
    await ctx.page.locator('conv-lens .class-names').fill(DIGITS.join(', '));
    await ctx.page.locator('conv-lens .card-apply').click();
    await next('convlens:ready', ready);
    const ran = await runAll('/samples/astronaut.png');
    assert.ok(typeof ran !== 'string', String(ran));
    assert.ok(ran.top.length > 0 && ran.top.every((name) => DIGITS.includes(name)), `named classes: ${ran.top}`);
    const shown = await inWidget((root) => ({
      asking: !root.querySelector<HTMLFormElement>('form.card-ask')!.hidden,
      pixels: root.querySelector('.card-pixels')?.textContent,
      bars: [...root.querySelectorAll('.prediction .name')].map((e) => e.textContent),
    }));
    assert.equal(shown.asking, false);
    assert.is(shown.pixels, t.cardPixels(t.cardScaleUnit));
    assert.ok(shown.bars.length > 0 && shown.bars.every((name) => DIGITS.includes(name!)), `bars: ${shown.bars}`);
    const stored = await ctx.page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('convlens:model-card:')));
    assert.equal(stored.length, 1);
    assert.match(stored[0], /^convlens:model-card:convlens-file:\/\/[0-9a-f]{8}\/mnist\.h5$/);
  });

  test('after a worker crash, the kept file is loaded again with its card answer', async () => {
    const ready = await count('convlens:ready');
    const workers = ctx.page.workers();
    await workers[workers.length - 1].evaluate(() => void setTimeout(() => {
      throw new Error('boom');
    }));
    const detail = await next('convlens:ready', ready);
    assert.equal(detail.layers, LENET_GRIDS.map(([name]) => name));
    const ran = await runAll('/samples/rocket.jpg');
    assert.ok(typeof ran !== 'string', String(ran));
    assert.equal(ran.layers.map(([name]) => name), LENET_GRIDS.map(([name]) => name));
    assert.ok(ran.top.every((name) => DIGITS.includes(name)), `the card answer came back: ${ran.top}`);
  });

  test('the `model` attribute may be the URL of a .h5 file: the attribute wins over the dropped file, and its card asks', async () => {
    await ctx.browser.context.route('**/__fixtures/mnist.h5', (route) => route.fulfill({ body: Buffer.from(mnist), contentType: 'application/octet-stream' }));
    const ready = await count('convlens:ready');
    await ctx.page.evaluate(() => document.querySelector('conv-lens')!.setAttribute('model', '/__fixtures/mnist.h5'));
    const detail = await next('convlens:ready', ready);
    assert.equal(detail.layers, LENET_GRIDS.map(([name]) => name));
    const card = await inWidget((root) => ({
      asking: !root.querySelector<HTMLFormElement>('form.card-ask')!.hidden, inUse: root.querySelector('.model-in-use')?.textContent,
    }));
    assert.equal(card, { asking: true, inUse: 'In use: mnist.h5' }, 'the answer given for the dropped file is not this URL’s');
    const ran = await runAll('/samples/coffee.png');
    assert.ok(typeof ran !== 'string', String(ran));
    assert.ok(ran.top.every((name) => /^\d$/.test(name)), `index names: ${ran.top}`);
  });

  test('a text file dropped on the LeNet is refused, and the LeNet still computes every layer', async () => {
    const errors = await count('convlens:error');
    await drop([{ name: 'notes.txt', bytes: new TextEncoder().encode(NOTES), type: 'text/plain' }]);
    await next('convlens:error', errors);
    assert.match((await alertShown()).detail, /^notes\.txt is not a model file: it is plain text\./);
    const ran = await runAll('/samples/coffee.png');
    assert.ok(typeof ran !== 'string', String(ran));
    assert.equal(ran.layers.map(([name]) => name), LENET_GRIDS.map(([name]) => name));
  });
}

if (!hasChromium()) console.log('SKIP own-model widget test: no Chromium at', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
else {
  if (!MNIST) console.log('SKIP the .h5 parts of the own-model widget test: ../shared/fixtures/tensorspace-lenet-mnist is not present');
  test.run();
}

/**
 * Photos given the way students give them, on the demo page in headless Chromium: a paste
 * on the page's text (outside the widget) and a drop on a layer's grid or on the widget's
 * header are taken; a file dropped next to the widget is neither taken nor opened by the
 * browser (the drop's default is prevented, the page stays). A 1-channel model (LeNet, from
 * ../shared) shows its input in grey and a pixel reads as one value.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startServer, type StartedServer } from '../../serve.mjs';
import { hasChromium, launchChromium, type LaunchedBrowser } from './chromium';
import { widgetReady } from './widget-defined';
import { sharedPath } from '../helpers/shared';

const MNIST = sharedPath('fixtures/tensorspace-lenet-mnist/combined/mnist.h5');
const WAIT = { timeout: 60_000 };

interface Ctx { browser: LaunchedBrowser; server: StartedServer; page: Page }
const ctx = {} as Ctx;

/** The name in the original photo's caption ("원본 사진 · name"). */
const shownName = () => ctx.page.evaluate(() => document.querySelector('conv-lens')!.shadowRoot!.querySelector('.input-panel figcaption')!.textContent ?? '');

/** Waits until the caption names `name` (the worker read the photo and it is on show). */
const waitForName = (name: string) => ctx.page.waitForFunction((name) =>
  (document.querySelector('conv-lens')!.shadowRoot!.querySelector('.input-panel figcaption')!.textContent ?? '').endsWith(name), name, WAIT);

/**
 * Dispatches a drop of the sample `sample` (renamed `name`) on what `target` finds (a function
 * body run in the page), after a dragover; returns whether each event's default was prevented.
 */
function dropOn(target: string, sample: string, name: string): Promise<{ over: boolean; drop: boolean }> {
  return ctx.page.evaluate(async ({ target, sample, name }) => {
    const bytes = await (await fetch(`/samples/${sample}`)).blob();
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, { type: bytes.type }));
    const element = new Function(`return (${target})`)() as Element;
    const over = new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true });
    element.dispatchEvent(over);
    const drop = new DragEvent('drop', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true });
    element.dispatchEvent(drop);
    return { over: over.defaultPrevented, drop: drop.defaultPrevented };
  }, { target, sample, name });
}

const test = suite('photos given on the page');

test.before(async () => {
  assert.ok(existsSync(new URL('../../dist/convlens.js', import.meta.url)), 'dist/convlens.js is missing: run node build.mjs first');
  ctx.server = await startServer({ isolated: false });
  ctx.browser = await launchChromium();
  ctx.page = await ctx.browser.context.newPage();
  ctx.page.on('pageerror', (error) => console.error('pageerror:', error.message));
  await ctx.page.goto(`${ctx.server.url}?lang=ko`);
  await widgetReady(ctx.page);
  await waitForName('chelsea.png');
});

test.after(async () => {
  await ctx.browser?.close();
  await ctx.server?.close();
});

test('a paste on the page’s text, outside the widget, is taken by the page’s only widget', async () => {
  const prevented = await ctx.page.evaluate(async () => {
    const bytes = await (await fetch('/samples/coffee.png')).blob();
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'pasted-coffee.png', { type: 'image/png' }));
    const paste = new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true });
    document.querySelector('.story li')!.dispatchEvent(paste);
    return paste.defaultPrevented;
  });
  assert.ok(prevented, 'the widget took the paste');
  await waitForName('pasted-coffee.png');
});

test('a drop on a layer’s grid, and one on the widget’s header, are taken', async () => {
  const onGrid = await dropOn(`document.querySelector('conv-lens').shadowRoot.querySelector('.layer[data-layer="conv2d_1"] .atlas')`, 'astronaut.png', 'dropped-on-grid.png');
  assert.equal(onGrid, { over: true, drop: true });
  await waitForName('dropped-on-grid.png');
  const onHeader = await dropOn(`document.querySelector('conv-lens').shadowRoot.querySelector('header.top')`, 'rocket.jpg', 'dropped-on-header.jpg');
  assert.equal(onHeader, { over: true, drop: true });
  await waitForName('dropped-on-header.jpg');
});

test('a file dropped next to the widget is not taken, and the browser does not open it', async () => {
  const before = ctx.page.url();
  const missed = await dropOn(`document.querySelector('.page-head h1')`, 'coffee.png', 'missed.png');
  assert.ok(missed.drop, 'the drop’s default (opening the file) was prevented');
  await ctx.page.waitForTimeout(500);
  assert.is(ctx.page.url(), before);
  assert.ok((await shownName()).endsWith('dropped-on-header.jpg'), 'the photo on show stayed');
});

if (MNIST) {
  test('a 1-channel model’s input is grey, and a pixel reads as one value', async () => {
    const bytes = readFileSync(MNIST).toString('base64');
    await ctx.page.evaluate((base64) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], 'mnist.h5'));
      const panel = document.querySelector('conv-lens')!.shadowRoot!.querySelector('.input-panel')!;
      panel.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true }));
    }, bytes);
    await ctx.page.waitForFunction(() => document.querySelector('conv-lens')!.shadowRoot!.querySelector('.tensor')!.textContent === 'float32 (1, 28, 28, 1)', null, WAIT);
    const pixels = await ctx.page.evaluate(() => {
      const canvas = document.querySelector('conv-lens')!.shadowRoot!.querySelector<HTMLCanvasElement>('.model-input')!;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let colour = 0;
      const values = new Set<number>();
      for (let i = 0; i < data.length; i += 4) {
        if (data[i] !== data[i + 1] || data[i] !== data[i + 2]) colour++;
        values.add(data[i]);
      }
      return { width: canvas.width, colour, distinct: values.size, row5col7: data[(5 * canvas.width + 7) * 4] };
    });
    assert.is(pixels.width, 28);
    assert.is(pixels.colour, 0, 'pixels with R, G, B apart');
    assert.ok(pixels.distinct > 20, `a picture, not a blank: ${pixels.distinct} grey levels`);
    const box = (await ctx.page.locator('conv-lens .model-input').boundingBox())!;
    await ctx.page.mouse.move(box.x + ((7 + 0.5) / 28) * box.width, box.y + ((5 + 0.5) / 28) * box.height);
    const readout = await ctx.page.evaluate(() => document.querySelector('conv-lens')!.shadowRoot!.querySelector('.readout')!.textContent);
    assert.is(readout, `픽셀 (행 5, 열 7): ${pixels.row5col7}`);
  });
} else {
  console.log('SKIP the 1-channel part of the page-input test: ../shared/fixtures/tensorspace-lenet-mnist is not present');
}

if (hasChromium()) test.run();
else console.log('SKIP page-input browser test: /usr/bin/chromium is not installed');

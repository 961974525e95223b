/**
 * Untrusted strings never become markup: `<img src=x onerror=...>` fed through a file name
 * (refused and accepted), a model's name, its class names, a warning quoting a weight name,
 * and error text quoting a layer name and a layer type is shown as text, and never runs.
 * Also the channel limit: a layer wider than MAX_CHANNELS shows its first 256 tiles until
 * "show all".
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { hasChromium } from './chromium';
import { routeFiles } from './test-pages';
import { EVIL, evilLayerModels, evilModel, wideModel, type Files } from '../corpus/models';
import { MAX_CHANNELS } from '../../src/views/layer-grid';
import { MESSAGES } from '../../src/languages/i18n';
import {
  allDrawn, dropFile, eventCount, inWidget, nextEvent, openPage, photoCaption, routeWidgetPage, shownError, startRig, stopRig, type Rig,
} from './reliability-harness';

const COFFEE = new Uint8Array(readFileSync(new URL('../../static/samples/coffee.png', import.meta.url)));
const WIDE = 300;

interface Ctx { rig: Rig; page: Page & { errors: string[] } }
const ctx = {} as Ctx;

const run = (src: string) => ctx.page.evaluate((src) => (document.querySelector('conv-lens') as any).run(src).then(() => 'done', (e: Error) => e.message), src);

/** Sets the widget's model and waits for it to be ready or refused. */
async function useModel(url: string): Promise<string> {
  const before = await eventCount(ctx.page);
  await ctx.page.evaluate((url) => document.querySelector('conv-lens')!.setAttribute('model', url), url);
  return (await nextEvent(ctx.page, ['convlens:ready', 'convlens:error'], before)).type;
}

/** Nothing ran, and no element made from the markup exists anywhere (page or shadow root). */
async function assertInert(): Promise<void> {
  const found = await ctx.page.evaluate(() => {
    const roots: (Document | ShadowRoot)[] = [document, ...[...document.querySelectorAll('conv-lens')].map((el) => el.shadowRoot!)];
    return {
      pwned: (globalThis as any).pwned ?? null,
      injected: roots.reduce((n, root) => n + root.querySelectorAll('img[src="x"], [onerror]').length, 0),
    };
  });
  assert.equal(found, { pwned: null, injected: 0 });
}

const test = suite('untrusted strings and wide layers');

test.before(async () => {
  ctx.rig = await startRig({ isolated: false });
  const { named, typed } = evilLayerModels();
  const files: Files = new Map();
  const add = (dir: string, set: Files) => set.forEach((bytes, name) => files.set(`${dir}/${name}`, bytes));
  add('evil', await evilModel());
  add('evil-layer', named);
  add('evil-type', typed);
  add('wide', await wideModel(WIDE));
  await routeFiles(ctx.rig.context, files);
  await routeWidgetPage(ctx.rig.context, 'untrusted', '<conv-lens lang="en"></conv-lens>');
  ctx.page = await openPage(ctx.rig, '__widget/untrusted.html', { width: 1100, height: 5000 });
  assert.is(await run('/samples/chelsea.png'), 'done');
});

test.after(() => stopRig(ctx.rig));

test('a file name with markup, refused, is quoted as text in the message', async () => {
  const before = await eventCount(ctx.page);
  await dropFile(ctx.page, `${EVIL}.jpg`, new TextEncoder().encode('not a photo'));
  await nextEvent(ctx.page, ['convlens:error'], before);
  assert.is((await shownError(ctx.page)).detail, `${EVIL}.jpg is a text file, not a picture. Use a PNG, JPEG, GIF or WebP file.`);
  await assertInert();
});

test('a file name with markup, accepted, is shown as text under the photo', async () => {
  const before = await eventCount(ctx.page);
  await dropFile(ctx.page, `${EVIL}.png`, COFFEE);
  await nextEvent(ctx.page, ['convlens:done'], before);
  assert.is(await photoCaption(ctx.page), `Original photo · ${EVIL}.png`);
  assert.is(await inWidget(ctx.page, (root) => root.querySelector('canvas.photo')!.getAttribute('aria-label')), `Original photo: ${EVIL}.png`);
  await assertInert();
});

test('a model’s name, class names and a weight name with markup are shown as text', async () => {
  assert.is(await useModel('/__files/evil/model.json'), 'convlens:ready');
  assert.is(await run('/samples/coffee.png'), 'done');
  const shown = await inWidget(ctx.page, (root) => ({
    caption: root.querySelector('table.summary caption')!.textContent,
    classes: [...root.querySelectorAll('.prediction .name')].map((e) => e.textContent),
    warning: root.querySelector('.notice li')?.textContent,
  }));
  assert.is(shown.caption, `Model: "${EVIL}"`);
  assert.equal(shown.classes.sort(), [`${EVIL} 1`, `${EVIL} 2`, `${EVIL} 3`]);
  assert.is(shown.warning, `Weight ${EVIL} holds 2 NaN or infinite values; its layer's drawing may be blank.`);
  await assertInert();
});

test('a layer name and a layer type with markup are quoted as text in the refusal', async () => {
  assert.is(await useModel('/__files/evil-layer/model.json'), 'convlens:error');
  const named = await shownError(ctx.page);
  assert.ok(named.detail.includes(EVIL), named.detail);
  assert.is(await useModel('/__files/evil-type/model.json'), 'convlens:error');
  const typed = await shownError(ctx.page);
  assert.ok(typed.detail.includes(EVIL), typed.detail);
  await assertInert();
  assert.equal(ctx.page.errors, []);
});

test(`a layer of ${WIDE} channels shows its first ${MAX_CHANNELS} until "show all", then all of them`, async () => {
  assert.is(await useModel('/__files/wide/model.json'), 'convlens:ready');
  await ctx.page.evaluate(() => document.querySelector('conv-lens')!.setAttribute('lang', 'ko'));
  assert.is(await run('/samples/coffee.png'), 'done');
  assert.equal(await allDrawn(ctx.page), ['wide']);
  const grid = () => inWidget(ctx.page, (root) => {
    const layer = root.querySelector('.layer[data-layer="wide"]') as HTMLElement;
    const more = layer.querySelector('.more') as HTMLElement;
    return { tiles: layer.querySelectorAll('.tile').length, painted: layer.dataset.painted, more: more.hidden ? null : more.textContent, focus: (root.activeElement as HTMLElement | null)?.dataset.index ?? null };
  });
  const t = MESSAGES.ko;
  assert.equal(await grid(), { tiles: MAX_CHANNELS, painted: String(MAX_CHANNELS), more: `${t.showingFirst(MAX_CHANNELS, WIDE)} ${t.showAll(WIDE)}`, focus: null });
  await ctx.page.locator('conv-lens .layer[data-layer="wide"] button.show-all').click();
  await allDrawn(ctx.page);
  assert.equal(await grid(), { tiles: WIDE, painted: String(WIDE), more: null, focus: String(MAX_CHANNELS) });
  const shape = await ctx.page.evaluate(async () => (await (document.querySelector('conv-lens') as any).activations())[0].shape);
  assert.equal(shape, [1, 8, 8, WIDE]);
});

if (hasChromium()) test.run();
else console.log('SKIP reliability-untrusted browser test: no Chromium at', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');

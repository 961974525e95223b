/**
 * Many runs in one page leave nothing behind: the worker's tensor count and bytes return
 * exactly to where they were, and the JavaScript heaps of the page and of the worker stay
 * flat (after a forced garbage collection). The 1,000-run figure in the README comes from
 * test/measure-leaks.ts, which measures the same way.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hasChromium } from './chromium';
import { openPage, routeWidgetPage, startRig, stopRig, type Rig } from './reliability-harness';
import { measureRuns } from './reliability-memory';

const RUNS = 40;
/** Heap growth allowed over RUNS runs: far below what one kept result would cost (the six layers of one run are ~190 KB). */
const HEAP_SLACK = 1024 * 1024;

interface Ctx { rig: Rig }
const ctx = {} as Ctx;

const test = suite('leaks');

test.before(async () => {
  ctx.rig = await startRig({ isolated: false });
});

test.after(() => stopRig(ctx.rig));

test(`${RUNS} runs keep the worker's tensors and both JavaScript heaps flat`, async () => {
  await routeWidgetPage(ctx.rig.context, 'leaks', '<conv-lens lang="en"></conv-lens>');
  const page = await openPage(ctx.rig, '__widget/leaks.html', { width: 1100, height: 5000 });
  const figures = await measureRuns(ctx.rig, page, RUNS, ['/samples/chelsea.png', '/samples/coffee.png', '/samples/rocket.jpg']);
  console.log(`  ${JSON.stringify(figures)}`);
  assert.is(figures.tensors[1], figures.tensors[0], 'tensors');
  assert.is(figures.tensorBytes[1], figures.tensorBytes[0], 'tensor bytes');
  assert.ok(figures.pageHeap[1] - figures.pageHeap[0] < HEAP_SLACK, `page heap grew by ${figures.pageHeap[1] - figures.pageHeap[0]} bytes`);
  assert.ok(figures.workerHeap[1] - figures.workerHeap[0] < HEAP_SLACK, `worker heap grew by ${figures.workerHeap[1] - figures.workerHeap[0]} bytes`);
  await page.close();
});

if (hasChromium()) test.run();
else console.log('SKIP reliability-leaks browser test: no Chromium at', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FRAME_BUDGET_MS, paintInChunks } from '../src/paint/paint-scheduler';

test('runs a job chunk by chunk until it says it is done', async () => {
  let chunks = 0;
  const job = paintInChunks(() => ++chunks < 5);
  await job.finished;
  assert.is(chunks, 5);
});

test('runs nothing in the calling task: painting starts in a later frame', async () => {
  let ran = false;
  const job = paintInChunks(() => {
    ran = true;
    return false;
  });
  assert.not.ok(ran);
  await job.finished;
  assert.ok(ran);
});

test('yields between frames once the time budget is used', async () => {
  const frames = new Set<number>();
  let frame = 0;
  const ticker = setInterval(() => frame++, 0);
  const job = paintInChunks(() => {
    const start = performance.now();
    while (performance.now() - start < FRAME_BUDGET_MS) { /* a chunk that takes the whole budget */ }
    frames.add(frame);
    return frames.size < 3;
  });
  await job.finished;
  clearInterval(ticker);
  assert.is(frames.size, 3, 'each long chunk ran in its own frame');
});

test('stops a cancelled job before its next chunk and still settles it', async () => {
  let chunks = 0;
  const job = paintInChunks(() => {
    chunks++;
    if (chunks === 2) job.cancel();
    return true;
  });
  await job.finished;
  assert.is(chunks, 2);
});

test('runs queued jobs in order', async () => {
  const order: string[] = [];
  const a = paintInChunks(() => (order.push('a'), false));
  const b = paintInChunks(() => (order.push('b'), false));
  await Promise.all([a.finished, b.finished]);
  assert.equal(order, ['a', 'b']);
});

test.run();

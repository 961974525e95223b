import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FRAME_BUDGET_MS, LATE_FRAME_MS, STARVED_BUDGET_MS, paintInChunks } from '../src/paint/paint-scheduler';

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

/** Steps per frame of a job whose every step takes `stepMs`, with frames `gapMs` apart (a fake requestAnimationFrame). */
async function stepsPerFrame(gapMs: number, stepMs: number, frames: number): Promise<number[]> {
  const g = globalThis as Record<string, unknown>;
  const saved = { raf: g.requestAnimationFrame, document: g.document };
  const counts: number[] = [];
  g.document = { visibilityState: 'visible' };
  g.requestAnimationFrame = (callback: (now: number) => void) => setTimeout(() => (counts.push(0), callback(performance.now())), gapMs);
  try {
    await paintInChunks(() => {
      counts[counts.length - 1]++;
      const start = performance.now();
      while (performance.now() - start < stepMs) { /* the step's work */ }
      return counts.length <= frames;
    }).finished;
  } finally {
    g.requestAnimationFrame = saved.raf;
    g.document = saved.document;
  }
  // The first frame after a pause goes by what was seen before it.
  return counts.slice(1, frames);
}

test('paints the full budget per frame while frames come on time, one short step once they come late', async () => {
  const step = 0.4;
  const onTime = await stepsPerFrame(0, step, 5);
  const late = await stepsPerFrame(LATE_FRAME_MS + 30, step, 5);
  const full = Math.floor(FRAME_BUDGET_MS / step);
  const short = Math.ceil(STARVED_BUDGET_MS / step);
  // About `full` steps; only more than a late frame's asked for, so a busy machine does not fail it.
  assert.ok(onTime.every((n) => n > short), `on time: ${onTime.join(', ')} steps per frame, expected about ${full}`);
  assert.ok(late.every((n) => n <= short), `late: ${late.join(', ')} steps per frame, expected at most ${short}`);
});

test.run();

/** generation.ts: one image's bookkeeping — what a new run asks for, late layers, completion and its waiters. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { close, isAbortError, markComplete, newGeneration, nextRun, notifyArrivals, rejectWaiters, resolveWaiters, settle, whenArrived, whenComplete, type Generation } from '../src/element/generation';
import type { Prediction } from '../worker/contract';

const prediction: Prediction = { probabilities: new Float32Array([0.1, 0.9]), top: [{ index: 1, name: 'cat', probability: 0.9 }] };
/** Settled state of a promise after the microtasks queued so far. */
async function state(promise: Promise<unknown>): Promise<string> {
  let seen = 'pending';
  promise.then(() => (seen = 'resolved'), (error: Error) => (seen = `rejected: ${error.name}: ${error.message}`));
  await new Promise((resolve) => setTimeout(resolve, 0));
  return seen;
}
function inFlight(g: Generation, layers: string[], withPrediction: boolean): void {
  g.inflight = { id: 1, layers: new Set(layers), prediction: withPrediction };
}

const runs = suite('nextRun');

runs('the first run of an image goes even for no layer (it brings the preview); later empty runs do not', () => {
  const g = newGeneration('photo.png');
  assert.equal(nextRun(g), { layers: [], prediction: false });
  g.runs = 1;
  assert.is(nextRun(g), null);
});

runs('asks for the wanted layers not received, and the prediction until it arrived', () => {
  const g = newGeneration('photo.png');
  g.runs = 1;
  g.wanted = new Set(['conv2d', 'pool', 'conv2d_1']);
  g.received.add('pool');
  g.wantPrediction = true;
  assert.equal(nextRun(g), { layers: ['conv2d', 'conv2d_1'], prediction: true });
  g.prediction = prediction;
  assert.equal(nextRun(g), { layers: ['conv2d', 'conv2d_1'], prediction: false });
});

runs('no new run while the one in flight covers everything missing; a new one when it does not', () => {
  const g = newGeneration('photo.png');
  g.runs = 1;
  g.wanted = new Set(['conv2d']);
  g.wantPrediction = true;
  inFlight(g, ['conv2d', 'pool'], true);
  assert.is(nextRun(g), null);
  inFlight(g, ['conv2d'], false);
  assert.equal(nextRun(g), { layers: ['conv2d'], prediction: true }, 'the run in flight does not bring the prediction');
  g.wanted.add('conv2d_1');
  inFlight(g, ['conv2d'], true);
  assert.equal(nextRun(g), { layers: ['conv2d', 'conv2d_1'], prediction: true });
});

const completion = suite('completion');

completion('complete once every selected layer and the prediction are in, and only once', () => {
  const g = newGeneration('photo.png');
  g.received = new Set(['a', 'b']);
  assert.is(markComplete(g, ['a', 'b']), null, 'no prediction yet');
  g.prediction = prediction;
  assert.is(markComplete(g, ['a', 'b', 'c']), null, 'c is missing');
  const done = markComplete(g, ['a', 'b']);
  assert.ok(done && done.prediction === prediction && done.ms >= 0);
  assert.ok(g.complete);
  assert.is(markComplete(g, ['a', 'b']), null, 'already complete');
});

completion('a waiter resolves with the completion; one asking after it resolves at once', async () => {
  const g = newGeneration('photo.png');
  const waiting = whenComplete(g);
  assert.is(await state(waiting), 'pending');
  g.received.add('a');
  g.prediction = prediction;
  const done = markComplete(g, ['a'])!;
  resolveWaiters(g, done);
  assert.is(await waiting, done);
  const late = whenComplete(g);
  assert.is(await state(late), 'resolved');
  assert.is((await late).prediction, prediction);
  assert.is(g.waiters.length, 0);
});

completion('settle rejects the waiters as superseded (AbortError) and clears the run in flight', async () => {
  const g = newGeneration('photo.png');
  inFlight(g, ['a'], false);
  const waiting = whenComplete(g);
  settle(g);
  assert.is(g.inflight, null);
  assert.is(await state(waiting), 'rejected: AbortError: superseded by a newer image');
  await waiting.catch((error) => assert.ok(isAbortError(error)));
  settle(null);
});

completion('a failure rejects every waiter with that error, once', async () => {
  const g = newGeneration('photo.png');
  const first = whenComplete(g);
  const second = whenComplete(g);
  rejectWaiters(g, new Error('Weight file conv2d.bin is 12 bytes, expected 3584'));
  const message = 'rejected: Error: Weight file conv2d.bin is 12 bytes, expected 3584';
  assert.equal(await Promise.all([state(first), state(second)]), [message, message]);
  assert.is(g.waiters.length, 0);
  rejectWaiters(null, new Error('nothing to reject'));
});

const arrivals = suite('whenArrived');

arrivals('resolves at once when the layers are in, else when the last late one arrives', async () => {
  const g = newGeneration('photo.png');
  g.received.add('a');
  assert.is(await state(whenArrived(g, ['a'], () => false)), 'resolved');
  const late = whenArrived(g, ['a', 'b', 'c'], () => false);
  g.received.add('b');
  notifyArrivals(g);
  assert.is(await state(late), 'pending', 'c has not arrived');
  g.received.add('c');
  notifyArrivals(g);
  assert.is(await state(late), 'resolved');
  assert.is(g.arrivals.size, 0, 'the listener is gone once it resolved');
});

arrivals('stops waiting when the image is gone (settle tells the listeners)', async () => {
  const g = newGeneration('photo.png');
  let gone = false;
  const late = whenArrived(g, ['a'], () => gone);
  settle(g);
  assert.is(await state(late), 'pending', 'still the current image');
  gone = true;
  settle(g);
  assert.is(await state(late), 'resolved');
});

arrivals('close marks the image failed and closes its reusable bitmap', async () => {
  const g = newGeneration('photo.png');
  let closed = 0;
  g.reuse = Promise.resolve({ close: () => closed++ } as unknown as ImageBitmap);
  close(g);
  assert.ok(g.failed);
  await g.reuse;
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.is(closed, 1);
  close(null);
});

runs.run();
completion.run();
arrivals.run();

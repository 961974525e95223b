/**
 * The worker client's guards, in Node with a stand-in worker: a call resolves with its
 * answer, rejects when the worker dies, and ends the worker when it stays silent longer
 * than the stall timeout (each sign of life re-arms it); calls that settle leave nothing
 * waiting on the worker. Also the bootstrap that starts a worker from another origin.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bootstrapSource, guarded, isWorkerLost, workerLost, type Shared } from '../src/element/worker-client';
import { displaySize, PHOTO_DISPLAY_SIZE } from '../src/inputs/photo';

/** A stand-in for the page's worker: only what guarded() uses. */
function fakeWorker(): Shared & { kills: Error[] } {
  let fail!: (error: Error) => void;
  const died = new Promise<never>((_, reject) => (fail = reject));
  died.catch(() => undefined);
  const instance = {
    alive: true, died, users: 1, waiting: new Set<(error: Error) => void>(), kills: [] as Error[],
    kill(error: Error) {
      if (!instance.alive) return;
      instance.alive = false;
      instance.kills.push(error);
      fail(error);
      instance.waiting.forEach((reject) => reject(error));
    },
  };
  return instance as unknown as Shared & { kills: Error[] };
}

const settled = <T>(promise: Promise<T>) => promise.then((value) => ({ value }), (error: Error) => ({ error }));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const calls = suite('guarded calls');

calls('resolve with the answer and leave nothing waiting on the worker', async () => {
  const worker = fakeWorker();
  const answer = await guarded(worker, { call: async () => 42, what: 'testing', ms: 1000 });
  assert.is(answer, 42);
  assert.is(worker.waiting.size, 0);
  assert.equal(worker.kills, []);
});

calls('reject with the reason when the worker dies', async () => {
  const worker = fakeWorker();
  const pending = settled(guarded(worker, { call: () => new Promise<never>(() => undefined), what: 'testing', ms: 1000 }));
  worker.kill(workerLost('worker-crashed', 'The inference worker stopped: boom'));
  const outcome = await pending;
  assert.ok('error' in outcome && isWorkerLost(outcome.error));
  assert.is((outcome as { error: Error & { code: string } }).error.code, 'worker-crashed');
});

calls('end a worker that stays silent for the stall timeout, saying what it was doing', async () => {
  const worker = fakeWorker();
  const outcome = await settled(guarded(worker, { call: () => new Promise<never>(() => undefined), what: 'loading the model m.json', ms: 50 }));
  assert.ok('error' in outcome);
  assert.is((outcome as { error: Error }).error.message, 'No answer from the inference worker for 0.1 s while loading the model m.json; it was stopped.');
  assert.is(worker.kills.length, 1);
  assert.not.ok(worker.alive);
});

calls('wait as long as the worker shows signs of life', async () => {
  const worker = fakeWorker();
  let touch = () => undefined as void;
  const call = async () => {
    for (let i = 0; i < 6; i++) {
      await sleep(20);
      touch();
    }
    return 'done';
  };
  const answer = await guarded(worker, { call, what: 'computing the layers', ms: 60, onDog: (dog) => (touch = () => dog.touch()) });
  assert.is(answer, 'done', 'six 20 ms steps outlast one 60 ms wait without a stall');
  assert.equal(worker.kills, []);
});

calls('refuse at once on a worker that is already gone', async () => {
  const worker = fakeWorker();
  worker.kill(workerLost('worker-crashed', 'gone'));
  const outcome = await settled(guarded(worker, { call: async () => 1, what: 'testing' }));
  assert.ok('error' in outcome);
});

calls.run();

const boot = suite('cross-origin bootstrap');

boot('is a classic script that records the worker URL, holds messages, and imports the worker', () => {
  const source = bootstrapSource('https://cdn.example/convlens/worker.js');
  assert.not.throws(() => new Function(source), 'valid script');
  assert.match(source, /^self\.CONVLENS_WORKER_URL = "https:\/\/cdn\.example\/convlens\/worker\.js";/);
  assert.match(source, /import\("https:\/\/cdn\.example\/convlens\/worker\.js"\)/);
  assert.not.match(source, /^\s*import\s/m, 'no static import: a classic worker');
});

boot('quotes the URL as a string, whatever it holds', () => {
  const source = bootstrapSource('https://x.example/a"b\'c/worker.js');
  assert.not.throws(() => new Function(source));
});

boot.run();

const photo = suite('displaySize');

photo('keeps small photos and scales large ones to the display size on the long side', () => {
  assert.equal(displaySize(451, 300), { width: 451, height: 300 });
  assert.equal(displaySize(12000, 6000), { width: PHOTO_DISPLAY_SIZE, height: PHOTO_DISPLAY_SIZE / 2 });
  assert.equal(displaySize(1, 100000), { width: 1, height: PHOTO_DISPLAY_SIZE });
});

photo.run();

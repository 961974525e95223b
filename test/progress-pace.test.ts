import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { paced, pacedBy } from '../worker/progress-pace';

/** A clock the test moves by hand. */
function clock() {
  let time = 0;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

test('passes the first report, then at most one per interval, and always the final one', () => {
  const { now, advance } = clock();
  const seen: number[] = [];
  const report = paced((loaded) => seen.push(loaded), 100, now);
  // 64 chunks of 16 KB of a 1 MB file, one every 5 ms (320 ms in all).
  const total = 64 * 16_384;
  for (let chunk = 1; chunk <= 64; chunk++) {
    report(chunk * 16_384, total);
    advance(5);
  }
  // At 0, 100, 200 and 300 ms (chunks 1, 21, 41, 61), and the last chunk.
  assert.equal(seen, [1, 21, 41, 61, 64].map((chunk) => chunk * 16_384));
});

test('a report that comes after a quiet interval passes at once', () => {
  const { now, advance } = clock();
  const seen: number[] = [];
  const report = paced((loaded) => seen.push(loaded), 100, now);
  report(10, 1000);
  advance(40);
  report(20, 1000);
  advance(70);
  report(30, 1000);
  assert.equal(seen, [10, 30]);
});

test('an unknown total (0) is paced too and has no final report', () => {
  const { now, advance } = clock();
  const seen: number[] = [];
  const report = paced((loaded) => seen.push(loaded), 100, now);
  for (let i = 1; i <= 10; i++) (report(i * 1000, 0), advance(30));
  assert.equal(seen, [1000, 5000, 9000]);
});

test('each key is paced on its own: two layers loading at once both show their first and last', () => {
  const { now, advance } = clock();
  const seen: string[] = [];
  const report = pacedBy((layer: string, loaded: number, total: number) => seen.push(`${layer} ${loaded}/${total}`), 100, now);
  report('conv2d', 1, 2);
  report('conv2d_1', 1, 4);
  advance(10);
  report('conv2d_1', 2, 4);
  report('conv2d', 2, 2);
  report('conv2d_1', 4, 4);
  assert.equal(seen, ['conv2d 1/2', 'conv2d_1 1/4', 'conv2d 2/2', 'conv2d_1 4/4']);
});

test.run();

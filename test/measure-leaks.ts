/**
 * The 1,000-run leak measurement reported in the README (not part of the suite; about two
 * minutes): `node build.mjs && node --import tsx test/measure-leaks.ts [runs]`. Prints the
 * worker's tensors and bytes and the JavaScript heaps of the page and the worker, before
 * and after, each after a forced garbage collection.
 */
import { openPage, routeWidgetPage, startRig, stopRig } from './browser/reliability-harness';
import { measureRuns } from './browser/reliability-memory';

const runs = Number(process.argv[2] ?? 1000);
const rig = await startRig({ isolated: false });
try {
  await routeWidgetPage(rig.context, 'measure', '<conv-lens lang="en"></conv-lens>');
  const page = await openPage(rig, '__widget/measure.html', { width: 1100, height: 5000 });
  const f = await measureRuns(rig, page, runs, ['/samples/chelsea.png', '/samples/coffee.png', '/samples/rocket.jpg']);
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const row = (name: string, [before, after]: [number, number], unit: (n: number) => string) =>
    `| ${name} | ${unit(before)} | ${unit(after)} | ${after - before >= 0 ? '+' : ''}${unit(after - before)} |`;
  console.log(`${f.runs} runs in ${f.seconds.toFixed(0)} s (${((f.seconds * 1000) / f.runs).toFixed(0)} ms a run)\n`);
  console.log('| measure | before | after | change |\n|---|---|---|---|');
  console.log(row('worker tensors (tf.memory().numTensors)', f.tensors, String));
  console.log(row('worker tensor bytes', f.tensorBytes, kb));
  console.log(row('page JS heap (used, after GC)', f.pageHeap, kb));
  console.log(row('worker JS heap (used, after GC)', f.workerHeap, kb));
  if (page.errors.length > 0) console.log('page errors:', page.errors);
} finally {
  await stopRig(rig);
}

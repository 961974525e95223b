/**
 * The long mutation run: `npm run mutate -- --seed N --cases 300` builds dist/, feeds that
 * many seeded cases through the real widget in headless Chromium and prints its figures:
 * accepted, refused by code, and every failure with the case's name (enough to make it
 * again with makeCase). Exit code 1 when any case failed.
 */
import { parseArgs } from 'node:util';
import { makeCases } from './cases';
import { openDriver, runCase } from './drive';
import { startRig, stopRig } from '../browser/reliability-harness';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '1' }, cases: { type: 'string', default: '300' }, only: { type: 'string' } } });
const seed = Number(values.seed);
// --only 83,84 runs those cases of the seed again (as named in a failure: "<seed>:<index> …").
const only = values.only?.split(',').map(Number);
const all = await makeCases(seed, only ? Math.max(...only) + 1 : Number(values.cases));
const cases = only ? all.filter((_, i) => only.includes(i)) : all;
const count = cases.length;
const rig = await startRig({ isolated: false });
const started = Date.now();
const tally = new Map<string, number>();
const failed: string[] = [];
try {
  const driver = await openDriver(rig);
  for (const [i, c] of cases.entries()) {
    const outcome = await runCase(driver, c, i % 2 ? 'ko' : 'en').catch((error: Error) => ({ result: 'refused', code: null, failures: [`the driver failed: ${error.message.split('\n')[0]}`] }));
    const key = outcome.result === 'accepted' ? `accepted (${c.kind})` : `refused ${outcome.code ?? '(no code)'}`;
    tally.set(key, (tally.get(key) ?? 0) + 1);
    if (outcome.failures.length > 0) {
      failed.push(`${c.name}\n    ${outcome.failures.join('\n    ')}`);
      console.error(`FAILED ${failed.at(-1)}`);
    }
    if ((i + 1) % 25 === 0) console.error(`${i + 1} / ${count} cases, ${failed.length} failed`);
  }
  if (driver.page.errors.length > 0) failed.push(`uncaught on the page: ${driver.page.errors.join(' | ')}`);
} finally {
  await stopRig(rig);
}
console.log(`mutation run ${new Date().toISOString()}: seed ${seed}, ${count} cases, ${Math.round((Date.now() - started) / 1000)} s`);
for (const [key, n] of [...tally].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)}  ${key}`);
console.log(`failures: ${failed.length}`);
for (const line of failed) console.log(`  ${line}`);
process.exit(failed.length > 0 ? 1 : 0);

/**
 * The seeded mutation test, on every run: 36 corrupted copies of the default model, the
 * shared fixtures, a .keras written by the tests and photos (test/mutation/cases.ts), given
 * to the real widget as a student gives them (files dropped on it, `el.run(File)`). Each is
 * accepted, or refused with a coded message under its own headline (never "Something went
 * wrong."), the model in use stays; a good photo then renders every layer of the model in
 * use; the worker holds exactly the tensors it held before. `npm run mutate` runs hundreds.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hasChromium } from './chromium';
import { startRig, stopRig, type Rig } from './reliability-harness';
import { makeCases, type MutationCase } from '../mutation/cases';
import { openDriver, runCase, type Driver } from '../mutation/drive';

const SEED = 20261201;
const CASES = 36;

interface Ctx { rig: Rig; driver: Driver; cases: MutationCase[]; outcomes: string[] }
const ctx = {} as Ctx;
const test = suite('seeded mutations through <conv-lens>');

test.before(async () => {
  ctx.rig = await startRig({ isolated: false });
  ctx.driver = await openDriver(ctx.rig);
  ctx.outcomes = [];
});

test.after(async () => {
  console.log(`mutation outcomes (seed ${SEED}): ${ctx.outcomes.join(', ')}`);
  await stopRig(ctx.rig);
});

const cases = await makeCases(SEED, CASES);
for (const [i, c] of cases.entries()) {
  test(c.name, async () => {
    const outcome = await runCase(ctx.driver, c, i % 2 ? 'ko' : 'en');
    ctx.outcomes.push(outcome.result === 'accepted' ? 'accepted' : String(outcome.code));
    assert.equal(outcome.failures, []);
  });
}

test('the cases both refuse and accept, and nothing reached the page as an uncaught error', () => {
  assert.ok(ctx.outcomes.some((o) => o === 'accepted'), 'some accepted');
  assert.ok(ctx.outcomes.filter((o) => o !== 'accepted').length >= CASES / 4, 'at least a quarter refused');
  assert.ok(cases.some((c) => c.kind === 'photo') && cases.some((c) => c.kind === 'model'));
  assert.equal(ctx.driver.page.errors, []);
});

if (hasChromium()) test.run();
else console.log('SKIP mutation browser test: no Chromium at', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');

/**
 * test/run.mjs counts what did not run as skipped, never as passed: on small test files
 * written here (a file that skips as a whole, a test that skips itself, uvu's test.skip), and
 * on a real file run with CONVLENS_SHARED pointing at an empty folder (as on a machine
 * without ../shared).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedPath } from './helpers/shared';
import { skipThisTest } from './helpers/skip';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNNER = join(ROOT, 'test/run.mjs');

interface Outcome { code: number | null; stdout: string; closing: { passed: number; failed: number; skipped: number } | null; skipped: string[] }

/** Runs the runner with `env` added; parses its closing line and its list of skips. */
function runRunner(filter: string, env: Record<string, string>): Outcome {
  const result = spawnSync(process.execPath, [RUNNER, filter], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 300_000 });
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  const match = last.match(/^(\d+) passed, (\d+) failed, (\d+) skipped$/);
  const list = result.stdout.split('\nskipped:\n')[1]?.split('\n\n')[0] ?? '';
  return {
    code: result.status,
    stdout: result.stdout,
    closing: match ? { passed: Number(match[1]), failed: Number(match[2]), skipped: Number(match[3]) } : null,
    skipped: list.split('\n').filter((line) => line.trim() !== '').map((line) => line.trim()),
  };
}

/** A temporary folder inside the repository (so the files below resolve uvu), removed after. */
function withTestDir(files: Record<string, string>, use: (dir: string) => void): void {
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'test-artifacts', 'runner-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SKIP_HELPER = JSON.stringify(join(ROOT, 'test/helpers/skip.ts'));
const FILES = {
  'a-runs.test.ts': `import { test } from 'uvu';\ntest('one', () => {});\ntest('two', () => {});\ntest.run();\n`,
  'b-fixture-absent.test.ts': `import { skipPart } from ${SKIP_HELPER};\nimport { test } from 'uvu';\nskipPart('b numerics: the fixture is not present');\ntest.run();\n`,
  'c-partly.test.ts': [
    `import { skipThisTest } from ${SKIP_HELPER};`,
    `import { test } from 'uvu';`,
    `test('runs', () => {});`,
    `test('returns early', () => { skipThisTest('c needs a tool that is absent'); });`,
    `test.skip('marked skip', () => {});`,
    `test.run();`,
  ].join('\n'),
};

const test = suite('test/run.mjs');

test('counts a file that registers no test, a test that skips itself and test.skip() as skipped, with their reasons', () => {
  withTestDir(FILES, (dir) => {
    const outcome = runRunner('', { CONVLENS_TEST_DIR: dir });
    assert.is(outcome.code, 0, outcome.stdout);
    assert.equal(outcome.closing, { passed: 3, failed: 0, skipped: 3 }, outcome.stdout);
    assert.equal(outcome.skipped.length, 3, outcome.skipped.join('\n'));
    assert.match(outcome.skipped[0], /b-fixture-absent\.test\.ts: b numerics: the fixture is not present$/);
    assert.match(outcome.skipped[1], /c-partly\.test\.ts: test: c needs a tool that is absent$/);
    assert.match(outcome.skipped[2], /c-partly\.test\.ts: test\.skip\(\) in the file$/);
  });
});

test('still fails a file whose test fails, and counts its skips', () => {
  withTestDir({ ...FILES, 'd-fails.test.ts': `import { test } from 'uvu';\nimport * as assert from 'uvu/assert';\ntest('fails', () => assert.ok(false));\ntest.run();\n` }, (dir) => {
    const outcome = runRunner('', { CONVLENS_TEST_DIR: dir });
    assert.is(outcome.code, 1);
    assert.equal(outcome.closing, { passed: 3, failed: 1, skipped: 3 });
  });
});

test('a real file without ../shared: its fixture tests are skipped, not passed, and the reason is listed', () => {
  if (!sharedPath('fixtures/pytorch-onnx/')) return skipThisTest('comparing with and without ../shared: ../shared/fixtures/pytorch-onnx is not present');
  const empty = mkdtempSync(join(ROOT, 'test-artifacts', 'no-shared-'));
  try {
    const absent = runRunner('test/onnx-reader.test.ts', { CONVLENS_SHARED: empty });
    const present = runRunner('test/onnx-reader.test.ts', {});
    assert.is(absent.code, 0, absent.stdout);
    assert.ok(absent.closing && present.closing, 'both runs end with the closing line');
    assert.is(absent.closing!.failed, 0);
    assert.ok(absent.closing!.skipped >= 1, absent.stdout);
    assert.ok(absent.skipped.some((line) => /onnx-reader\.test\.ts: .*pytorch-onnx is absent/.test(line)), absent.skipped.join('\n'));
    // The fixture tests that ran with ../shared are missing from "passed" without it.
    assert.ok(absent.closing!.passed < present.closing!.passed, `passed without ../shared ${absent.closing!.passed}, with ${present.closing!.passed}`);
    assert.is(present.closing!.skipped, 0, present.stdout);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test.run();

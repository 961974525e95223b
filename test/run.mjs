// Runs every test file (test/**/*.test.ts) with uvu under tsx, one process per file so a
// crash or a stuck browser in one file cannot take the others down, then lists what was
// skipped and why and prints a closing line "N passed, N failed, N skipped".
// `node test/run.mjs widget` runs only the files whose path contains "widget";
// CONVLENS_TEST_DIR=DIR runs the test files under DIR instead of test/ (test/runner.test.ts).
//
// Skips are counted from the files' output (test/helpers/skip.ts writes them): a line
// starting with "SKIP" is one skipped part (a file or the part whose fixture is absent, which
// registers no test); "SKIP test:" inside a test that then returns moves that test from
// passed to skipped. uvu's own test.skip() counts as well.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEST_DIR = process.env.CONVLENS_TEST_DIR ? resolve(process.env.CONVLENS_TEST_DIR) : join(ROOT, 'test');
const filter = process.argv[2] ?? '';

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The skip reasons in a file's output; uvu's progress dots may precede one on its line. */
function skipsIn(output) {
  const skips = [];
  for (const line of output.split('\n')) {
    const match = line.match(/(?:^|\s)SKIP(?:PED)?(?=[\s:(]|$)[:\s]*(.*)$/);
    if (match) skips.push({ reason: match[1].trim() || '(no reason given)', wholeTest: /^test:/.test(match[1].trim()) });
  }
  return skips;
}

function runFile(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => {
      const number = (label) => Number(output.match(new RegExp(`${label}:\\s+(\\d+)`))?.[1] ?? 0);
      const total = number('Total');
      const skips = skipsIn(output);
      const skippedTests = Math.min(number('Passed'), skips.filter((s) => s.wholeTest).length);
      const passed = number('Passed') - skippedTests;
      const failed = code === 0 ? total - number('Passed') : Math.max(1, total - number('Passed'));
      const uvuSkips = Array.from({ length: number('Skipped') }, () => ({ reason: 'test.skip() in the file' }));
      resolve({ file, code, passed, failed, skipped: skips.length + uvuSkips.length, skips: [...skips, ...uvuSkips] });
    });
  });
}

const files = findTests(TEST_DIR).filter((file) => file.includes(filter)).sort();
const results = [];
for (const file of files) {
  console.log(`\n# ${relative(ROOT, file)}`);
  results.push(await runFile(file));
}
const sum = (key) => results.reduce((total, result) => total + result[key], 0);
console.log('\nper file:');
for (const r of results) console.log(`  ${r.code === 0 ? 'ok  ' : 'FAIL'} ${relative(ROOT, r.file)} (${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped)`);
const skipped = results.filter((r) => r.skips.length > 0);
if (skipped.length > 0) {
  console.log('\nskipped:');
  for (const r of skipped) for (const s of r.skips) console.log(`  ${relative(ROOT, r.file)}: ${s.reason}`);
}
console.log(`\n${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`);
process.exit(results.some((r) => r.code !== 0) || files.length === 0 ? 1 : 0);

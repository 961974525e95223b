// Runs every test file (test/**/*.test.ts) with uvu under tsx, one process per file so a
// crash or a stuck browser in one file cannot take the others down, then prints a
// closing line "N passed, N failed, N skipped". `node test/run.mjs widget` runs only the
// files whose path contains "widget".
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const filter = process.argv[2] ?? '';

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
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
      const passed = number('Passed');
      const skipped = number('Skipped');
      resolve({ file, code, passed, failed: code === 0 ? total - passed : Math.max(1, total - passed), skipped });
    });
  });
}

const files = findTests(join(ROOT, 'test')).filter((file) => file.includes(filter)).sort();
const results = [];
for (const file of files) {
  console.log(`\n# ${relative(ROOT, file)}`);
  results.push(await runFile(file));
}
const sum = (key) => results.reduce((total, result) => total + result[key], 0);
console.log('\nper file:');
for (const r of results) console.log(`  ${r.code === 0 ? 'ok  ' : 'FAIL'} ${relative(ROOT, r.file)} (${r.passed} passed, ${r.failed} failed)`);
console.log(`\n${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`);
process.exit(results.some((r) => r.code !== 0) || files.length === 0 ? 1 : 0);

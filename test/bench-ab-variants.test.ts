/**
 * ab-cold's variants still rewrite the build they would measure: each replacement of each
 * variant must match the current dist/ (bench/rewrite.ts throws otherwise), so a variant
 * cannot quietly compare the build with itself or with half of the change. And the rewrite
 * rules themselves, on texts written here.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VARIANTS } from '../bench/ab-variants';
import { applyReplacements } from '../bench/rewrite';
import { EMBED_PAGE, embedPage } from '../bench/root';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

/** Variants that copy another build in (OTHER_DIST, SPLIT_DIST) rather than rewrite this one. */
const COPIES_ANOTHER_BUILD = new Set(['other-build', 'worker-chunks']);

/** The files the rewrites edit: the demo page, the widget's code, the benchmark's embed page. */
async function siteCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'convlens-variants-'));
  await mkdir(join(dir, 'chunks'));
  await mkdir(join(dir, '__bench'));
  await cp(join(DIST, 'index.html'), join(dir, 'index.html'));
  await cp(join(DIST, 'convlens.js'), join(dir, 'convlens.js'));
  for (const name of await readdir(join(DIST, 'chunks'))) if (name.endsWith('.js')) await cp(join(DIST, 'chunks', name), join(dir, 'chunks', name));
  await writeFile(join(dir, EMBED_PAGE), embedPage());
  return dir;
}

async function texts(dir: string): Promise<string[]> {
  const files = ['index.html', 'convlens.js', EMBED_PAGE, ...(await readdir(join(dir, 'chunks'))).map((name) => join('chunks', name))];
  return Promise.all(files.map((file) => readFile(join(dir, file), 'utf8')));
}

const Rules = suite('rewrite rules');

Rules('a replacement that matches nothing fails the rewrite, even when the others matched', () => {
  const files = new Map([['a.html', '<p>one</p>'], ['b.js', 'two()']]);
  assert.throws(() => applyReplacements(files, [{ from: 'one', to: '1' }, { from: 'three', to: '3' }]), /"three" in none of a\.html, b\.js/);
  assert.throws(() => applyReplacements(files, [{ from: /four/g, to: '4' }]), /\/four\/g/);
});

Rules('a string replaces every occurrence in every file, literally; a pattern as String.replace does', () => {
  const files = new Map([['a', 'x x'], ['b', 'x y']]);
  const edited = applyReplacements(files, [{ from: 'x', to: '$&!' }]);
  assert.equal([...edited.values()], ['$&! $&!', '$&! y']);
  const first = applyReplacements(new Map([['a', 'run(1); run(2)']]), [{ from: /run\(([^)]*)\)/, to: 'go($1)' }]);
  assert.equal([...first.values()], ['go(1); run(2)']);
  assert.equal(files.get('a'), 'x x', 'the texts given are not changed');
});

const Variants = suite('ab-cold variants against dist/');

if (!existsSync(join(DIST, 'convlens.js'))) {
  Variants('dist/ is built', () => assert.unreachable('dist/convlens.js is missing: run node build.mjs first'));
} else {
  for (const [name, entries] of Object.entries(VARIANTS)) {
    if (COPIES_ANOTHER_BUILD.has(name)) continue;
    for (const variant of entries.filter((entry) => entry.rewrite)) {
      Variants(`${name}: "${variant.name}" rewrites the current build`, async () => {
        const dir = await siteCopy();
        try {
          const before = await texts(dir);
          await variant.rewrite!(dir);
          assert.not.equal(await texts(dir), before, 'something changed');
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });
    }
  }
}

Rules.run();
Variants.run();

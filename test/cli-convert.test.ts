/**
 * `convlens convert` (the built CLI) and `import { convertModel } from 'convlens/convert'`
 * (the built API): the lecture's cifar10.h5 becomes the same weight files as the default
 * model's (content-hashed names equal, so the bytes are equal), through both; a missing
 * file is named, with exit code 1.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, runCli } from './helpers/cli';
import { sharedPath } from './helpers/shared';

const out = mkdtempSync(join(tmpdir(), 'convlens-convert-'));
const h5 = sharedPath('models/cifar10.h5');
const defaultWeights = readdirSync(`${ROOT}models/cifar10`).filter((file) => file.endsWith('.bin')).sort();

const Convert = suite('convlens convert and convlens/convert');
Convert.after(() => rmSync(out, { recursive: true, force: true }));

(h5 ? Convert : Convert.skip)('the CLI converts cifar10.h5 into the default model\'s weight files', async () => {
  const result = await runCli(['convert', h5!, out, '--pixel-scale', '1/255']);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stdout, `wrote ${join(out, 'model.json')}`);
  assert.equal(readdirSync(out).filter((file) => file.endsWith('.bin')).sort(), defaultWeights);
});

(h5 ? Convert : Convert.skip)('the API gives the same files, in memory', async () => {
  const { convertModel } = await import(pathToFileURL(`${ROOT}dist/node/convert.mjs`).href);
  const { files, modelJson, modelJsonText } = await convertModel([{ name: 'cifar10.h5', bytes: new Uint8Array(readFileSync(h5!)) }], { pixelScale: 1 / 255 });
  assert.equal([...files.keys()].sort(), defaultWeights);
  for (const [name, bytes] of files) assert.ok(Buffer.from(bytes).equals(readFileSync(`${ROOT}models/cifar10/${name}`)), name);
  assert.is(modelJson.userDefinedMetadata.convlens.pixelScale, 1 / 255);
  assert.equal(JSON.parse(modelJsonText), modelJson);
});
if (!h5) console.log('SKIP convert of cifar10.h5: ../shared/models/cifar10.h5 is not present');

Convert('a missing file is named, exit code 1; no arguments print the usage, exit code 2', async () => {
  const missing = await runCli(['convert', join(out, 'nowhere.h5'), join(out, 'x')]);
  assert.is(missing.code, 1);
  assert.is(missing.stderr, `convlens convert: Could not load ${join(out, 'nowhere.h5')}: there is no such file or folder.\n`);
  const usage = await runCli(['convert']);
  assert.is(usage.code, 2);
  assert.match(usage.stdout, 'usage: convlens convert');
  const help = await runCli(['--help']);
  assert.is(help.code, 0);
  assert.match(help.stdout, /serve MODEL \[PHOTO\][\s\S]*render MODEL PHOTO --out DIR[\s\S]*convert MODEL OUT_DIR/);
});

Convert.run();

/**
 * Keras 2 .h5 full model -> tfjs layers model (model.json + one .bin per layer).
 *
 *   npm run convert -- <model.h5> <out-dir> [--float16] [--classes a,b,...] [--pixel-scale 1|1/255]
 *
 * Prints one row per weight file; on failure prints the message (no stack) and exits 1.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import h5wasm from 'h5wasm/node';
import type { ModelMetadata } from '../contract';
import { ModelFormatError } from '../format/errors';
import { assertHdf5, readKerasH5 } from '../format/keras-h5';
import { sha256Hex } from '../format/sha256';
import { stringifyModelJson, toTfjsLayersModel, type TfjsArtifacts } from '../format/tfjs-writer';

const USAGE =
  'usage: npm run convert -- <model.h5> <out-dir> [--float16] [--classes a,b,...] [--pixel-scale 1|1/255]';

interface CliOptions {
  input: string;
  outDir: string;
  float16: boolean;
  classNames: string[] | null;
  /** null when not given: the default (1) is announced. */
  pixelScale: number | null;
}

/** Parses argv (without node and script); throws ModelFormatError with the usage on misuse. */
function parseCli(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        float16: { type: 'boolean', default: false },
        classes: { type: 'string' },
        'pixel-scale': { type: 'string' },
      },
    });
  } catch (error) {
    throw new ModelFormatError(`${(error as Error).message}\n${USAGE}`);
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 2) throw new ModelFormatError(USAGE);
  return {
    input: positionals[0],
    outDir: positionals[1],
    float16: values.float16 === true,
    classNames: values.classes === undefined ? null : parseClasses(values.classes),
    pixelScale: values['pixel-scale'] === undefined ? null : parsePixelScale(values['pixel-scale']),
  };
}

function parseClasses(text: string): string[] {
  const names = text.split(',').map((name) => name.trim());
  if (names.some((name) => name === '')) throw new ModelFormatError(`--classes has an empty name: "${text}"`);
  return names;
}

/** "1", "1/255" or a positive decimal. */
function parsePixelScale(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(?:\/(\d+(?:\.\d+)?))?$/.exec(text.trim());
  const scale = match ? Number(match[1]) / (match[2] === undefined ? 1 : Number(match[2])) : NaN;
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new ModelFormatError(`--pixel-scale must be 1 (raw 0–255 pixels) or 1/255 (pixels in [0, 1]), not "${text}"`);
  }
  return scale;
}

/** Reads, converts and writes; returns the layer names and artifacts for the report. */
async function convert(options: CliOptions): Promise<{ layerNames: string[]; artifacts: TfjsArtifacts }> {
  const bytes = new Uint8Array(await readFile(options.input));
  const name = basename(options.input);
  assertHdf5(bytes, name);
  await h5wasm.ready;
  const file = new h5wasm.File(resolve(options.input), 'r');
  let read;
  try {
    read = readKerasH5(file, name);
  } finally {
    file.close();
  }
  const metadata: ModelMetadata = {
    classNames: options.classNames,
    pixelScale: options.pixelScale ?? 1,
    source: `${name} sha256:${await sha256Hex(bytes)}`,
    convertedBy: 'convlens converter',
  };
  const artifacts = await toTfjsLayersModel(read, metadata, { float16: options.float16 });
  await writeArtifacts(options.outDir, artifacts);
  return { layerNames: read.layers.map((layer) => layer.layerName), artifacts };
}

/**
 * Writes the .bin files, then model.json, then removes the .bin files that a previous
 * model.json there named and this one does not (content-hashed names would pile up).
 */
async function writeArtifacts(outDir: string, { modelJson, files }: TfjsArtifacts): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const previous = await previousWeightFiles(outDir);
  for (const [path, bytes] of files) await writeFile(join(outDir, path), bytes);
  await writeFile(join(outDir, 'model.json'), stringifyModelJson(modelJson));
  for (const stale of previous) {
    if (!files.has(stale)) await rm(join(outDir, stale), { force: true });
  }
}

async function previousWeightFiles(outDir: string): Promise<string[]> {
  try {
    const previous = JSON.parse(await readFile(join(outDir, 'model.json'), 'utf8'));
    const groups: { paths?: unknown[] }[] = Array.isArray(previous?.weightsManifest) ? previous.weightsManifest : [];
    // Only plain .bin file names: never follow a path out of outDir.
    const paths = groups.flatMap((g) => g.paths ?? []);
    return paths.filter((p): p is string => typeof p === 'string' && p === basename(p) && p.endsWith('.bin'));
  } catch {
    return [];
  }
}

/** One row per weight group; groups are in the reader's layer order. */
function printTable(layerNames: string[], { modelJson, files }: TfjsArtifacts): void {
  const rows = modelJson.weightsManifest.map((group, i) => [
    layerNames[i],
    group.weights.map((w) => `${w.name.split('/').pop()} ${w.shape.join('x')}`).join(', '),
    String(files.get(group.paths[0])?.length ?? 0),
    group.paths[0],
  ]);
  const table = [['layer', 'weights', 'bytes', 'file'], ...rows];
  const widths = table[0].map((_, col) => Math.max(...table.map((row) => row[col].length)));
  for (const row of table) console.log(row.map((cell, col) => cell.padEnd(widths[col])).join('  ').trimEnd());
  const total = [...files.values()].reduce((sum, bytes) => sum + bytes.length, 0);
  console.log(`${files.size} weight files, ${total} bytes`);
}

async function main(): Promise<void> {
  try {
    const options = parseCli(process.argv.slice(2));
    if (options.pixelScale === null) {
      console.log('note: pixel scale 1 (raw 0–255 inputs, as in the lecture); pass --pixel-scale 1/255 if the model was trained on [0, 1]');
    }
    const { layerNames, artifacts } = await convert(options);
    printTable(layerNames, artifacts);
    console.log(`wrote ${join(options.outDir, 'model.json')}`);
  } catch (error) {
    console.error(`convert: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

await main();

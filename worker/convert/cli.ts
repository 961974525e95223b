/**
 * Any model file convlens reads -> tfjs layers model (model.json + one .bin per layer), with
 * the same reading code the worker uses for dropped files (worker/format, worker/files):
 *
 *   npm run convert -- <model> <out-dir> [--topology topology.json] [--float16] [--classes a,b,...] [--pixel-scale 1|1/255]
 *                      [--mean 0.485,0.456,0.406 --std 0.229,0.224,0.225 | --imagenet] [--input-size 224x224]
 *
 * <model>: a Keras .h5 (Keras 2 or 3, model.save), a .keras archive, a weights .h5
 * (model.save_weights, with --topology from model.to_json()), a tfjs model.json (its weight
 * files are read from its folder, and re-split one per layer), an ONNX file (torch.onnx.export;
 * written in the convlens graph format, graph-json.ts, with its .data file if it has one), or a
 * folder holding them.
 * Prints one row per weight file; on failure prints the message (no stack) and exits 1.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ModelMetadata } from '../contract';
import { ModelFormatError } from '../format/errors';
import { readModelFiles } from '../format/read-model';
import { sha256Hex } from '../format/sha256';
import { sniffModelFile } from '../format/sniff';
import { baseName, isTfjsModelJson, tfjsToKerasModel, type NamedBytes } from '../format/tfjs-model';
import { toGraphModelJson, type GraphArtifacts } from '../format/graph-json-writer';
import { stringifyModelJson, toTfjsLayersModel, type TfjsArtifacts } from '../format/tfjs-writer';

type Artifacts = TfjsArtifacts | GraphArtifacts;
import { withH5 } from '../files/h5';

const USAGE =
  'usage: npm run convert -- <model.h5|model.keras|model.json|model.onnx|folder> <out-dir> [--topology topology.json] ' +
  '[--float16] [--classes a,b,...] [--pixel-scale 1|1/255] [--mean a,b,c --std a,b,c | --imagenet] [--input-size HxW]';

/** torchvision's ImageNet normalisation (transforms.Normalize), what --imagenet sets. */
const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

interface CliOptions {
  input: string;
  outDir: string;
  /** The model.to_json() file that goes with a weights-only .h5, or null. */
  topology: string | null;
  float16: boolean;
  classNames: string[] | null;
  /** null when not given: the default (1) is announced. */
  pixelScale: number | null;
  mean: number[] | null;
  std: number[] | null;
  /** [height, width] for an ONNX graph whose input size is dynamic. */
  inputSize: [number, number] | null;
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
        topology: { type: 'string' },
        classes: { type: 'string' },
        'pixel-scale': { type: 'string' },
        mean: { type: 'string' },
        std: { type: 'string' },
        imagenet: { type: 'boolean', default: false },
        'input-size': { type: 'string' },
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
    topology: values.topology ?? null,
    float16: values.float16 === true,
    classNames: values.classes === undefined ? null : parseClasses(values.classes),
    pixelScale: values['pixel-scale'] === undefined ? null : parsePixelScale(values['pixel-scale']),
    mean: values.imagenet ? IMAGENET.mean : values.mean === undefined ? null : parseNumbers('--mean', values.mean),
    std: values.imagenet ? IMAGENET.std : values.std === undefined ? null : parseNumbers('--std', values.std, true),
    inputSize: values['input-size'] === undefined ? null : parseSize(values['input-size']),
  };
}

function parseNumbers(option: string, text: string, positive = false): number[] {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.some((v) => !Number.isFinite(v) || (positive && !(v > 0)))) {
    throw new ModelFormatError(`${option} must be ${positive ? 'positive ' : ''}numbers, one per channel, separated by commas (e.g. 0.485,0.456,0.406), not "${text}"`);
  }
  return values;
}

/** "224x224" or "224" (square). */
function parseSize(text: string): [number, number] {
  const match = /^(\d+)(?:[x×](\d+))?$/.exec(text.trim());
  if (!match) throw new ModelFormatError(`--input-size must be HEIGHTxWIDTH (e.g. 224x224), not "${text}"`);
  return [Number(match[1]), Number(match[2] ?? match[1])];
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
async function convert(options: CliOptions): Promise<{ layerNames: string[]; artifacts: Artifacts; pixelScaleGiven: boolean }> {
  const files = await gatherFiles(options.input, options.topology);
  const source = await readModelFiles(files, withH5, options.inputSize ? { inputSize: options.inputSize } : {}).catch((error: unknown) => {
    if (error instanceof ModelFormatError && error.code === 'model-weights-only') {
      throw new ModelFormatError(`${error.message}. Give the topology with --topology topology.json`, error.code);
    }
    throw error;
  });
  const stored = source.kind === 'tfjs' ? storedMetadata(source.json) : {};
  const main = files.find((file) => file.name === source.name)!;
  const metadata: ModelMetadata = {
    classNames: options.classNames ?? stored.classNames ?? null,
    pixelScale: options.pixelScale ?? stored.pixelScale ?? 1,
    ...(options.mean ? { mean: options.mean } : {}),
    ...(options.std ? { std: options.std } : {}),
    source: `${source.name} sha256:${await sha256Hex(main.bytes)}`,
    convertedBy: 'convlens converter',
  };
  const pixelScaleGiven = options.pixelScale !== null || stored.pixelScale !== undefined;
  if (source.kind === 'graph') {
    const artifacts = await toGraphModelJson(source.graph, source.weights, metadata, { float16: options.float16 });
    await writeArtifacts(options.outDir, artifacts);
    const layerNames = source.graph.nodes.filter((node) => Object.keys(node.weights).length > 0).map((node) => node.name);
    return { layerNames, artifacts, pixelScaleGiven };
  }
  const read = source.kind === 'keras' ? source.model : tfjsToKerasModel(source.json as never, source.shards, source.name);
  const artifacts = await toTfjsLayersModel(read, metadata, { float16: options.float16 });
  await writeArtifacts(options.outDir, artifacts);
  return { layerNames: read.layers.map((layer) => layer.layerName), artifacts, pixelScaleGiven };
}

/**
 * The files to read: the input file (with the weight files its model.json names, from the
 * same folder), or every file of an input folder; plus the topology JSON when given.
 */
async function gatherFiles(input: string, topology: string | null): Promise<NamedBytes[]> {
  const read = async (path: string): Promise<NamedBytes> => ({ name: basename(path), bytes: new Uint8Array(await readFile(path)) });
  let files: NamedBytes[];
  if ((await stat(input)).isDirectory()) {
    const entries = await readdir(input, { withFileTypes: true });
    files = await Promise.all(entries.filter((entry) => entry.isFile()).map((entry) => read(join(input, entry.name))));
  } else {
    const main = await read(input);
    const beside = [...shardPaths(main, dirname(input)), ...(await externalDataPaths(main, dirname(input)))];
    files = [main, ...(await Promise.all(beside.map(read)))];
  }
  return topology === null ? files : [...files, await read(topology)];
}

/** Paths of the weight files a tfjs model.json names (with or without .bin, whichever exists). */
function shardPaths(file: NamedBytes, dir: string): string[] {
  if (sniffModelFile(file.bytes) !== 'json') return [];
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(file.bytes));
  } catch {
    return [];
  }
  if (!isTfjsModelJson(json)) return [];
  const names = json.weightsManifest.flatMap((group) => group.paths.map(baseName));
  return names.map((name) => {
    const candidates = [name, name.endsWith('.bin') ? name.slice(0, -4) : `${name}.bin`].map((n) => join(dir, n));
    return candidates.find((path) => existsSync(path)) ?? candidates[0];
  });
}

/** The .data files beside an ONNX file (its external initialisers, as torch.onnx.export writes them for large models). */
async function externalDataPaths(file: NamedBytes, dir: string): Promise<string[]> {
  if (sniffModelFile(file.bytes) !== 'onnx') return [];
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.data')).map((entry) => join(dir, entry.name));
}

/** convlens metadata a tfjs model.json already carries. */
function storedMetadata(json: Record<string, unknown>): Partial<ModelMetadata> {
  const given = (json.userDefinedMetadata as { convlens?: Partial<ModelMetadata> } | undefined)?.convlens ?? {};
  return {
    classNames: Array.isArray(given.classNames) ? given.classNames.map(String) : undefined,
    pixelScale: typeof given.pixelScale === 'number' && given.pixelScale > 0 ? given.pixelScale : undefined,
  };
}

/**
 * Writes the .bin files, then model.json, then removes the .bin files that a previous
 * model.json there named and this one does not (content-hashed names would pile up).
 */
async function writeArtifacts(outDir: string, { modelJson, files }: Artifacts): Promise<void> {
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
function printTable(layerNames: string[], { modelJson, files }: Artifacts): void {
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
    const { layerNames, artifacts, pixelScaleGiven } = await convert(options);
    if (!pixelScaleGiven) {
      console.log('note: pixel scale 1 (raw 0–255 inputs, as in the lecture); pass --pixel-scale 1/255 if the model was trained on [0, 1]');
    }
    printTable(layerNames, artifacts);
    console.log(`wrote ${join(options.outDir, 'model.json')}`);
  } catch (error) {
    console.error(`convert: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

await main();

/**
 * Seeded mutation cases: corrupted copies of real model files and photos, made the same way
 * for the same (seed, index) on every run. Bases are the default model (models/cifar10), the
 * shared fixtures (a tfjs TinyVGG, the MLPerf ResNet-8 and LeNet .h5, LeNet's weights .h5
 * with its topology), a .keras archive written by the tests, and photos. Operators: byte
 * flips, truncations, zeroed and duplicated blocks (in a binary file, or inside the
 * model_config text of an .h5), and for model.json changed shapes, dtypes, paths and
 * deleted keys. Each case is given to the widget as a student would: files dropped on it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FUNCTIONAL_LAYERS, kerasArchive, weightValues } from '../helpers/keras-fixtures';
import { sharedPath } from '../helpers/shared';
import { skipPart } from '../helpers/skip';

export interface GivenFile { name: string; bytes: Uint8Array }

export interface MutationCase {
  /** `<seed>:<index> <base> <operator> <what was changed>`: enough to make it again. */
  name: string;
  /** A model given as files, or a photo given to `el.run(File)`. */
  kind: 'model' | 'photo';
  files: GivenFile[];
}

interface Base {
  name: string;
  kind: 'model' | 'photo';
  files: GivenFile[];
}

type Rng = () => number;
type Json = any;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const text = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** mulberry32: a small, well-mixed 32-bit generator. */
export function rng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const int = (r: Rng, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rng, items: readonly T[]): T => items[int(r, items.length)];

function folder(dir: string, keep: (name: string) => boolean = () => true): GivenFile[] {
  return readdirSync(dir).filter(keep).sort().map((name) => ({ name, bytes: new Uint8Array(readFileSync(`${dir}/${name}`)) }));
}

function shared(relative: string, read: (path: string) => GivenFile[]): GivenFile[] | null {
  const path = sharedPath(relative);
  return path && existsSync(path) ? read(path) : null;
}

/** Every base the machine has: one whose ../shared fixture is absent is left out, with a SKIP line (test/run.mjs counts it). */
export async function loadBases(): Promise<Base[]> {
  const file = (path: string) => [{ name: path.split('/').pop()!, bytes: new Uint8Array(readFileSync(path)) }];
  const candidates: [string, Base['kind'], GivenFile[] | null][] = [
    ['cifar10 tfjs', 'model', folder(`${ROOT}models/cifar10`, (n) => n !== 'README.md')],
    ['tinyvgg tfjs', 'model', shared('fixtures/cnn-explainer-tinyvgg-tfjs', (p) => folder(p))],
    ['resnet8 h5', 'model', shared('fixtures/mlperf-tiny-resnet8-keras2.4/pretrainedResnet.h5', file)],
    ['lenet h5', 'model', shared('fixtures/tensorspace-lenet-mnist/combined/mnist.h5', file)],
    ['lenet weights+topology', 'model', shared('fixtures/tensorspace-lenet-mnist/separated', (p) => folder(p))],
    ['functional keras', 'model', [{ name: 'functional.keras', bytes: await kerasArchive(FUNCTIONAL_LAYERS, weightValues(FUNCTIONAL_LAYERS), true) }]],
    ['coffee png', 'photo', file(`${ROOT}static/samples/coffee.png`)],
    ['rocket jpg', 'photo', file(`${ROOT}static/samples/rocket.jpg`)],
    ['tabby jpg', 'photo', shared('images/cat_tabby.jpg', file)],
  ];
  for (const [name, , files] of candidates) if (files === null) skipPart(`mutation cases on ${name}: its ../shared fixture is absent`);
  return candidates.filter(([, , files]) => files !== null).map(([name, kind, files]) => ({ name, kind, files: files! }));
}

type Mutation = { what: string; bytes: Uint8Array };

/** Byte operators on one binary file. */
const BYTE_OPS: Record<string, (r: Rng, bytes: Uint8Array) => Mutation> = {
  flip(r, bytes) {
    const out = bytes.slice();
    const count = 1 + int(r, 8);
    const at: number[] = [];
    for (let i = 0; i < count; i++) {
      const offset = int(r, out.length);
      out[offset] ^= 1 + int(r, 255);
      at.push(offset);
    }
    return { what: `bytes at ${at.join(',')}`, bytes: out };
  },
  truncate(r, bytes) {
    const keep = r() < 0.2 ? int(r, Math.min(64, bytes.length)) : int(r, bytes.length);
    return { what: `kept ${keep} of ${bytes.length}`, bytes: bytes.slice(0, keep) };
  },
  zero(r, bytes) {
    const out = bytes.slice();
    const length = 1 + int(r, Math.min(4096, out.length));
    const offset = int(r, out.length - length + 1);
    out.fill(0, offset, offset + length);
    return { what: `${length} at ${offset}`, bytes: out };
  },
  duplicate(r, bytes) {
    const length = 1 + int(r, Math.min(4096, bytes.length));
    const from = int(r, bytes.length - length + 1);
    const to = int(r, bytes.length + 1);
    const block = bytes.subarray(from, from + length);
    if (r() < 0.5) {
      const out = new Uint8Array(bytes.length + length);
      out.set(bytes.subarray(0, to));
      out.set(block, to);
      out.set(bytes.subarray(to), to + length);
      return { what: `${length} from ${from} inserted at ${to}`, bytes: out };
    }
    const out = bytes.slice();
    out.set(block.subarray(0, Math.max(0, out.length - to)), to);
    return { what: `${length} from ${from} written at ${to}`, bytes: out };
  },
};

/** A flip inside the JSON text an .h5 keeps in its attributes (model_config): renames, breaks JSON. */
function flipConfigText(r: Rng, bytes: Uint8Array): Mutation | null {
  const marker = new TextEncoder().encode('{"class_name"');
  const start = indexOf(bytes, marker);
  if (start < 0) return null;
  let end = start;
  while (end < bytes.length && bytes[end] !== 0) end++;
  const out = bytes.slice();
  const offset = start + int(r, end - start);
  // A letter for a letter keeps the JSON valid most of the time (a renamed layer or class).
  out[offset] = /[a-z]/.test(String.fromCharCode(out[offset])) && r() < 0.7 ? 97 + int(r, 26) : out[offset] ^ (1 + int(r, 255));
  return { what: `model_config byte at ${offset}`, bytes: out };
}

function indexOf(bytes: Uint8Array, marker: Uint8Array): number {
  outer: for (let i = 0; i + marker.length <= bytes.length; i++) {
    for (let j = 0; j < marker.length; j++) if (bytes[i + j] !== marker[j]) continue outer;
    return i;
  }
  return -1;
}

/** model.json operators: they edit the parsed JSON. */
const JSON_OPS: Record<string, (r: Rng, json: Json) => string> = {
  shape(r, json) {
    const entry: Json = pick(r, json.weightsManifest.flatMap((g: Json) => g.weights));
    const dims: number[] = entry.shape;
    const change = int(r, 4);
    if (change === 0 && dims.length > 0) dims[int(r, dims.length)] += pick(r, [1, -1]);
    else if (change === 1 && dims.length > 0) dims[int(r, dims.length)] *= 2;
    else if (change === 2) dims.push(1);
    else dims.splice(0, 1);
    return `${entry.name} shape [${dims}]`;
  },
  dtype(r, json) {
    const entry: Json = pick(r, json.weightsManifest.flatMap((g: Json) => g.weights));
    const dtype = pick(r, ['int32', 'float16', 'bool', 'uint8', 'string', 'complex64', 'float64']);
    if (r() < 0.3) entry.quantization = { dtype, scale: 0.01, min: -1 };
    else entry.dtype = dtype;
    return `${entry.name} ${entry.quantization ? 'quantised ' : ''}${dtype}`;
  },
  path(r, json) {
    const groups: Json[] = json.weightsManifest;
    const group = pick(r, groups);
    const other = pick(r, groups.flatMap((g) => g.paths));
    const path = pick(r, [other, 'missing.bin', '', `../${group.paths[0]}`, `${group.paths[0]}?v=2`]);
    const index = int(r, group.paths.length);
    if (r() < 0.3) group.paths.push(path);
    else group.paths[index] = path;
    return `paths of ${group.weights[0]?.name} -> [${group.paths}]`;
  },
  'delete key'(r, json) {
    const places: [Json, string, string][] = [];
    const walk = (node: Json, at: string) => {
      if (node === null || typeof node !== 'object') return;
      for (const key of Object.keys(node)) {
        places.push([node, key, `${at}/${key}`]);
        walk(node[key], `${at}/${key}`);
      }
    };
    walk(json, '');
    const [node, key, at] = pick(r, places);
    if (Array.isArray(node)) node.splice(Number(key), 1);
    else delete node[key];
    return `deleted ${at}`;
  },
};

/** Case `index` of `seed`: a base, one operator, one change. */
export function makeCase(bases: Base[], seed: number, index: number): MutationCase {
  const r = rng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const base = pick(r, bases);
  const files = base.files.map((f) => ({ name: f.name, bytes: f.bytes }));
  const jsonAt = files.findIndex((f) => f.name === 'model.json');
  const h5At = files.findIndex((f) => f.name.endsWith('.h5'));
  const ops = [...Object.keys(BYTE_OPS), ...(jsonAt >= 0 ? Object.keys(JSON_OPS) : []), ...(h5At >= 0 ? ['model_config'] : [])];
  const op = pick(r, ops);
  let what: string;
  if (op in JSON_OPS) {
    const json = JSON.parse(new TextDecoder().decode(files[jsonAt].bytes));
    what = JSON_OPS[op](r, json);
    files[jsonAt] = { name: 'model.json', bytes: text(json) };
  } else {
    const at = op === 'model_config' ? h5At : int(r, files.length);
    const mutation = (op === 'model_config' ? flipConfigText(r, files[at].bytes) : null) ?? BYTE_OPS[op === 'model_config' ? 'flip' : op](r, files[at].bytes);
    what = `${files[at].name} ${mutation.what}`;
    files[at] = { name: files[at].name, bytes: mutation.bytes };
  }
  return { name: `${seed}:${index} ${base.name} ${op}: ${what}`, kind: base.kind, files };
}

/** `count` cases of `seed`. */
export async function makeCases(seed: number, count: number): Promise<MutationCase[]> {
  const bases = await loadBases();
  return Array.from({ length: count }, (_, i) => makeCase(bases, seed, i));
}

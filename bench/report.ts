/**
 * Medians of the runs and the printed table: one block per slow-down with convlens (no
 * COOP/COEP, as on most course sites), convlens with COOP/COEP (threads), the main-thread
 * baseline, and baseline / convlens; then worker-level figures and the VGG-16 scale run.
 */
import { formatFloor, formatFrameFloor, type FrameFloor } from './floor';
import { summariseFrames, type FrameSummary } from './frames';
import { medianCpu, type CpuByPart } from './proc-cpu';
import { coldTargets, formatColdPath } from './report-cold';
import type { ByteClass, PageRun, ScaleFigures, ScaleRuns } from './scenarios';
import type { MatrixResult } from './pages/worker-matrix';
import type { CodeGzip, Sizes } from './size';

export function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface PageSummary {
  runs: number;
  coldFirstLayerMs: number;
  coldFirstTileMs: number;
  coldAllPaintedMs: number;
  warmComputeMs: number;
  warmEndToEndMs: number;
  warmLongTasks: number;
  /** Largest count of long tasks in any warm run (the target is 0 in every run). */
  warmLongTasksMax: number;
  warmLongestTaskMs: number;
  coldLongTasks: number;
  bytesBeforeFirstTile: Record<ByteClass, number>;
  weightFilesBeforeFirstTile: string[];
  weightFilesBeforeFirstLayer: string[];
  /** The .wasm files one cold load fetched (the target: exactly one). */
  wasmFiles: string[];
  /** Medians of the gzip bytes each load requested before its first tile (files: the most common list). */
  codeGzipBeforeFirstTile: CodeGzip;
  /** Median CPU per process kind from navigation to the first tile (null without a cgroup). */
  cpuBeforeFirstTile: CpuByPart | null;
  /** Long animation frames of the cold windows and of the warm runs, attributed. */
  coldFrames: FrameSummary;
  warmFrames: FrameSummary;
  /** The browser reported long animation frames (else the frame figures are empty). */
  loaf: boolean;
  backend: unknown;
  /** Every cold load was cross-origin isolated (the demo: only where `npm start` chose to be). */
  isolated: boolean;
}

export function summarisePage(runs: PageRun[]): PageSummary {
  const warm = runs.flatMap((run) => run.warm);
  const bytes = (kind: ByteClass) => median(runs.map((run) => run.cold.bytesBeforeFirstTile[kind]));
  return {
    runs: runs.length,
    coldFirstLayerMs: median(runs.map((run) => run.cold.firstLayerMs)),
    coldFirstTileMs: median(runs.map((run) => run.cold.firstTileMs)),
    coldAllPaintedMs: median(runs.map((run) => run.cold.allPaintedMs)),
    warmComputeMs: median(warm.map((w) => w.computeMs)),
    warmEndToEndMs: median(warm.map((w) => w.endToEndMs)),
    warmLongTasks: median(warm.map((w) => w.longTasks.count)),
    warmLongTasksMax: warm.length > 0 ? Math.max(...warm.map((w) => w.longTasks.count)) : NaN,
    warmLongestTaskMs: median(warm.map((w) => w.longTasks.longestMs)),
    coldLongTasks: median(runs.map((run) => run.cold.longTasks.count)),
    bytesBeforeFirstTile: { pageJs: bytes('pageJs'), workerJs: bytes('workerJs'), wasm: bytes('wasm'), weights: bytes('weights'), other: bytes('other') },
    weightFilesBeforeFirstTile: mostCommon(runs.map((run) => run.cold.weightFilesBeforeFirstTile)),
    weightFilesBeforeFirstLayer: mostCommon(runs.map((run) => run.cold.weightFilesBeforeFirstLayer)),
    wasmFiles: mostCommon(runs.map((run) => run.requests.filter((r) => r.kind === 'wasm').map((r) => r.path.split('/').pop()!))),
    codeGzipBeforeFirstTile: medianGzip(runs.map((run) => run.cold.codeGzipBeforeFirstTile)),
    cpuBeforeFirstTile: medianCpu(runs.map((run) => run.cold.cpuBeforeFirstTile).filter((c): c is CpuByPart => c !== null)),
    coldFrames: summariseFrames(runs.map((run) => run.cold.frames)),
    warmFrames: summariseFrames(warm.map((w) => w.frames)),
    loaf: runs.every((run) => run.cold.loaf),
    backend: runs[0]?.backend,
    isolated: runs.length > 0 && runs.every((run) => run.isolated),
  };
}

function medianGzip(runs: CodeGzip[]): CodeGzip {
  const pick = (key: Exclude<keyof CodeGzip, 'files'>) => median(runs.map((r) => r[key]));
  return { document: pick('document'), pageJs: pick('pageJs'), workerJs: pick('workerJs'), wasm: pick('wasm'), total: pick('total'), files: mostCommon(runs.map((r) => r.files)) };
}

/** The list that most runs saw (ties: the first). */
function mostCommon(lists: string[][]): string[] {
  const counts = new Map<string, number>();
  for (const list of lists) counts.set(list.join(','), (counts.get(list.join(',')) ?? 0) + 1);
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  return best ? best.split(',') : [];
}

export interface ScaleSummary {
  /** Warm runs (weights already in the worker); medians. */
  runs: number;
  firstLayerFirstTileMs: number;
  firstLayerAllTilesMs: number;
  allPaintedMs: number;
  /** Median compute ms per conv layer, warm. */
  layerMs: Record<string, number>;
  longTasksMax: number;
  longestTaskMs: number;
  /** The first run of a fresh page: weights fetched per layer on the way. */
  cold: ScaleFigures;
  backend: unknown;
}

export function summariseScale(scale: ScaleRuns): ScaleSummary {
  const runs = scale.warm;
  const layers = Object.keys(scale.cold.layerMs);
  return {
    runs: runs.length,
    firstLayerFirstTileMs: median(runs.map((r) => r.firstLayerFirstTileMs)),
    firstLayerAllTilesMs: median(runs.map((r) => r.firstLayerAllTilesMs)),
    allPaintedMs: median(runs.map((r) => r.allPaintedMs)),
    layerMs: Object.fromEntries(layers.map((name) => [name, median(runs.map((r) => r.layerMs[name]))])),
    longTasksMax: Math.max(scale.cold.longTasks.count, ...runs.map((r) => r.longTasks.count)),
    longestTaskMs: Math.max(scale.cold.longTasks.longestMs, ...runs.map((r) => r.longTasks.longestMs)),
    cold: scale.cold,
    backend: scale.backend,
  };
}

export interface LevelResult {
  level: number;
  /** The calibration loop's ms at this level over its ms at 1×. */
  measuredSlowdown: number;
  convlens: PageSummary;
  convlensIsolated: PageSummary;
  /** The demo page as `npm start` serves it (COOP/COEP only where threads would run: serve.mjs): cold loads only. */
  demo: PageSummary;
  baseline: PageSummary;
  workers: Record<string, { backend: unknown; computeMs: number; samples: number[] }>;
  scale: ScaleSummary | null;
  /** Browser floor pages (bench/floor.ts): median ms from navigation to a canvas drawn. */
  floor: Record<string, number>;
  /** … and the CPU per process kind until then. */
  floorCpu: Record<string, CpuByPart | null>;
  /** Long tasks of a page doing nothing but one tiny canvas update per frame. */
  frameFloor: FrameFloor;
}

export function summariseMatrix(results: Record<string, MatrixResult>[]): LevelResult['workers'] {
  const names = Object.keys(results[0] ?? {});
  return Object.fromEntries(names.map((name) => {
    const samples = results.flatMap((r) => r[name].computeMs);
    return [name, { backend: results[0][name].backend, computeMs: median(samples), samples }];
  }));
}

const ms = (v: number) => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(1) : Math.round(v)} ms` : '–');
const kb = (v: number) => `${(v / 1024).toFixed(1)} KB`;
const ratio = (base: number, ours: number) => (ours > 0 && Number.isFinite(base / ours) ? `${(base / ours).toFixed(1)}×` : ours === 0 && base > 0 ? '∞' : '–');

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')).join('\n');
}

export function formatLevel(result: LevelResult): string {
  const { convlens: c, convlensIsolated: i, demo: d, baseline: b } = result;
  const row = (label: string, pick: (s: PageSummary) => number, format: (v: number) => string) =>
    [label, format(pick(c)), format(pick(i)), format(pick(d)), format(pick(b)), ratio(pick(b), pick(c))];
  const count = (v: number) => (Number.isFinite(v) ? String(v) : '–');
  const rows = [
    ['', 'convlens', 'convlens COOP/COEP', 'demo (npm start)', 'baseline cpu main', 'baseline / convlens'],
    row('cold load → first layer reaches the page', (s) => s.coldFirstLayerMs, ms),
    row('cold load → first tile', (s) => s.coldFirstTileMs, ms),
    row('cold load → all six layers painted', (s) => s.coldAllPaintedMs, ms),
    row('cold: long animation frames ≥ 50 ms (median)', (s) => s.coldFrames.count, count),
    row('cold: of those, convlens script dominates (worst run)', (s) => s.coldFrames.convlensScriptMax, count),
    row('cold: CPU before first tile, all processes', (s) => s.cpuBeforeFirstTile?.total ?? NaN, ms),
    row('warm: six layers, compute only', (s) => s.warmComputeMs, ms),
    row('warm: image chosen → last tile', (s) => s.warmEndToEndMs, ms),
    row('warm: long tasks > 50 ms (median)', (s) => s.warmLongTasks, count),
    row('warm: long tasks > 50 ms (worst run)', (s) => s.warmLongTasksMax, count),
    row('warm: longest main-thread task', (s) => s.warmLongestTaskMs, ms),
    row('warm: long frames, convlens script dominates (worst run)', (s) => (s.warmFrames.runs ? s.warmFrames.convlensScriptMax : NaN), count),
    row('before first tile: page JS', (s) => s.bytesBeforeFirstTile.pageJs, kb),
    row('before first tile: worker JS', (s) => s.bytesBeforeFirstTile.workerJs, kb),
    row('before first tile: WASM', (s) => s.bytesBeforeFirstTile.wasm, kb),
    row('before first tile: weights', (s) => s.bytesBeforeFirstTile.weights, kb),
    row('before first tile: code + documents, gzip', (s) => s.codeGzipBeforeFirstTile.total, kb),
  ];
  const backend = (s: PageSummary) => JSON.stringify(s.backend);
  const lines = [
    `── ${result.level}× ${result.level === 1 ? '(no throttling)' : `(${result.level === 4 ? '¼' : result.level === 6 ? '⅙' : `1/${result.level}`} core)`}; calibration loop ${result.measuredSlowdown.toFixed(1)}× slower than 1×; ${c.runs} cold runs each`,
    table(rows),
    `backends: convlens ${backend(c)}; with COOP/COEP ${backend(i)}; demo ${backend(d)}, ${d.isolated ? 'cross-origin isolated' : 'not isolated (npm start isolates only where threads would run)'}`,
    `weight files requested before layer 1 reached the page: ${c.weightFilesBeforeFirstLayer.join(', ') || 'none'}; before the first tile: ${c.weightFilesBeforeFirstTile.join(', ') || 'none'} (baseline: ${b.weightFilesBeforeFirstTile.length} files)`,
  ];
  const workers = Object.entries(result.workers);
  if (workers.length > 0) {
    lines.push('worker-level, six layers warm (sum of per-layer compute): ' +
      workers.map(([name, w]) => `${name} ${ms(w.computeMs)}`).join(', '));
  }
  lines.push(`browser floor, navigation → canvas drawn (bench/floor.ts): ${formatFloor(result.floor)}`);
  lines.push(`browser floor, long tasks: ${formatFrameFloor(result.frameFloor)}`);
  lines.push(formatColdPath(result));
  if (result.scale) lines.push(formatScale(result.scale));
  return lines.join('\n');
}

function formatScale(s: ScaleSummary): string {
  const layers = Object.entries(s.layerMs).map(([name, v]) => `${name.replace('block', 'b').replace('_conv', 'c')} ${ms(v)}`).join(', ');
  const c = s.cold;
  return [
    `VGG-16 scale (13 conv layers, 4,224 channels; ${JSON.stringify(s.backend)}):`,
    `  cold (weights fetched per layer): run → first tile of layer 1 ${ms(c.firstLayerFirstTileMs)}; → its 64 tiles ${ms(c.firstLayerAllTilesMs)}; → all 4,224 tiles ${ms(c.allPaintedMs)}`,
    `  warm (median of ${s.runs}): run → first tile of layer 1 ${ms(s.firstLayerFirstTileMs)}; → its 64 tiles ${ms(s.firstLayerAllTilesMs)}; → all 4,224 tiles ${ms(s.allPaintedMs)}`,
    `  main-thread long tasks while the channels stream in: worst run ${s.longTasksMax}, longest ${ms(s.longestTaskMs)}`,
    `  per layer, warm (worker compute): ${layers}`,
  ].join('\n');
}

/** The issue's targets, each with the measurement that decides it. */
export function formatTargets(levels: LevelResult[], sizes: Sizes, hosts: string[]): string {
  const at = (level: number) => levels.find((l) => l.level === level);
  const lines: string[] = ['targets:'];
  const verdict = (ok: boolean) => (ok ? 'MET   ' : 'MISSED');
  for (const l of levels) {
    const r = l.baseline.warmComputeMs / l.convlens.warmComputeMs;
    lines.push(`  ${verdict(r >= 15)} warm six layers ≥ 15× faster than the cpu baseline at ${l.level}×: ${r.toFixed(1)}× ` +
      `(${ms(l.baseline.warmComputeMs)} / ${ms(l.convlens.warmComputeMs)}; worker-level wasm simd vs cpu: ${ratio(l.workers['cpu in worker']?.computeMs ?? NaN, l.workers['wasm simd']?.computeMs ?? NaN)})`);
  }
  const six = at(6);
  if (six) {
    lines.push(`  ${verdict(six.convlens.warmLongTasksMax === 0)} zero long tasks at 6×, default model: worst run ${six.convlens.warmLongTasksMax} (longest ${ms(six.convlens.warmLongestTaskMs)}); baseline ${six.baseline.warmLongTasksMax} (longest ${ms(six.baseline.warmLongestTaskMs)}); ` +
      `browser floor at 6×: ${formatFrameFloor(six.frameFloor)}`);
    if (six.scale) lines.push(`  ${verdict(six.scale.longTasksMax === 0)} zero long tasks at 6×, VGG-16: worst run ${six.scale.longTasksMax} (longest ${ms(six.scale.longestTaskMs)})`);
  }
  const first = levels[0];
  if (first) {
    const weights = first.convlens.weightFilesBeforeFirstTile;
    lines.push(`  ${verdict(weights.length === 1 && weights[0].startsWith('conv2d.'))} only layer 1's weights before the first tile: ${weights.join(', ')} ` +
      `(before layer 1 reached the page: ${first.convlens.weightFilesBeforeFirstLayer.join(', ')})`);
  }
  lines.push(`  ${verdict((first?.convlens.wasmFiles.length ?? 0) === 1 && (first?.convlensIsolated.wasmFiles.length ?? 0) === 1)} one WASM binary per load: ${first?.convlens.wasmFiles.join(', ')}; with COOP/COEP ${first?.convlensIsolated.wasmFiles.join(', ')}`);
  lines.push(...coldTargets(levels, sizes).map((line) => `  ${line}`));
  lines.push(`  ${verdict(hosts.every((h) => ['localhost', '127.0.0.1', 'data:', 'blob:'].includes(h)))} no request left localhost: hosts ${hosts.join(', ')}`);
  return lines.join('\n');
}

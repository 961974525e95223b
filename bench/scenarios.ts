/**
 * One measurement each: a cold page load and warm runs of the widget embedded in a page,
 * the same for the main-thread baseline, worker-level figures per backend, and the
 * VGG-16 scale run. Every page gets the probe (bench/pages/probe.ts) first; callbacks
 * passed to page.evaluate stay one-liners on the probe's globals, because tsx would wrap
 * named inner functions in a helper the page does not have.
 */
import type { Page } from 'playwright-core';
import type { BackendOptions } from '../worker/backend';
import { framesIn, type FrameFigure, type LongFrame } from './frames';
import { bytesBefore, open, type ByteClass, type Env, type Request, type Served } from './page-session';
import type { CpuByPart, CpuWatch } from './proc-cpu';
import { BASELINE_PAGE, DEMO_PAGE, EMBED_PAGE, IMAGE, MATRIX_PAGE, VGG_PAGE } from './root';
import { codeGzipBefore, type CodeGzip } from './size';
import type { MatrixResult } from './pages/worker-matrix';

export { classify, VIEWPORT, type ByteClass, type Env, type Request, type Served } from './page-session';

/** The lecture's six layers: what the widget shows by default and the baseline computes. */
export const SIX_LAYERS = ['conv2d', 'max_pooling2d', 'conv2d_1', 'conv2d_2', 'max_pooling2d_1', 'conv2d_3'];

interface Snapshot {
  start: number; firstTile: number | null; allPainted: number | null; done: number | null;
  layerPainted: Record<string, number>; layerFirstTile: Record<string, number>; layerMs: Record<string, number>;
  layerArrived: Record<string, number>;
  longTasks: { start: number; duration: number }[]; longFrames: LongFrame[]; loaf: boolean;
  errors: string[]; webgl: boolean; expected: string[];
}

export interface LongTaskFigure { count: number; longestMs: number }

export interface ColdFigures {
  /** The first layer's result reached the page (before it is painted). */
  firstLayerMs: number;
  firstTileMs: number;
  allPaintedMs: number;
  /** Bytes of the requests started before the first tile, by class (as served, uncompressed). */
  bytesBeforeFirstTile: Record<ByteClass, number>;
  weightFilesBeforeFirstTile: string[];
  /** Weight files requested before the first layer's result reached the page. */
  weightFilesBeforeFirstLayer: string[];
  /** gzip bytes of the code and documents requested before the first tile (files as served, gzipped here). */
  codeGzipBeforeFirstTile: CodeGzip;
  /** CPU of every Chromium process from navigation start to the first tile (/proc; null without a cgroup). */
  cpuBeforeFirstTile: CpuByPart | null;
  longTasks: LongTaskFigure;
  /** Long animation frames from navigation start to the end of the cold window, attributed… */
  frames: FrameFigure;
  /** … and as the browser reported them (for the JSON). */
  longFrames: LongFrame[];
  /** The browser reports long animation frames (else `frames` is empty for want of the API). */
  loaf: boolean;
  webgl: boolean;
}

export interface WarmFigures {
  /** Sum of the six layers' compute times (the worker's own, for convlens). */
  computeMs: number;
  /** From the image chosen to the last tile painted. */
  endToEndMs: number;
  longTasks: LongTaskFigure;
  frames: FrameFigure;
  longFrames: LongFrame[];
}

/** `isolated`: the page was cross-origin isolated (COOP/COEP), as the server chose for this browser. */
export interface PageRun { cold: ColdFigures; warm: WarmFigures[]; backend: unknown; isolated: boolean; requests: Request[] }


async function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(() => (globalThis as any).__bench.snapshot());
}

async function waitFor(page: Page, env: Env, condition: 'allPainted' | 'done'): Promise<void> {
  await page.waitForFunction((key) => {
    const s = (globalThis as any).__bench.state();
    if (s.errors.length > 0) throw new Error(s.errors.join('; '));
    return s[key] !== null;
  }, condition, { timeout: env.timeoutMs, polling: 100 });
}

/** Long tasks that started inside [from, to]. */
export function longTasksIn(tasks: { start: number; duration: number }[], from: number, to: number): LongTaskFigure {
  const inside = tasks.filter((task) => task.start >= from && task.start <= to);
  return { count: inside.length, longestMs: Math.max(0, ...inside.map((task) => task.duration)) };
}

/**
 * On the demo page the widget computes only the layers near the viewport, so no "all painted"
 * comes: the cold window ends once no layer has arrived or been painted for `500 ms × level`.
 */
async function waitQuiet(page: Page, env: Env): Promise<void> {
  const quietMs = 500 * env.level;
  const limit = Date.now() + env.timeoutMs;
  let last = '';
  let since = Date.now();
  while (Date.now() < limit) {
    const { progress, errors } = await page.evaluate(() => (globalThis as any).__bench.state());
    if (errors.length > 0) throw new Error(errors.join('; '));
    if (progress !== last) [last, since] = [progress, Date.now()];
    else if (Date.now() - since >= quietMs) return;
    await page.waitForTimeout(250);
  }
}

/** Long-task entries are delivered after the task: give the observer a moment. */
const flush = (page: Page) => page.waitForTimeout(300);

/**
 * The pages a cold load can open: the two-line embed (convlens), the demo page as `npm start`
 * serves it (dist/index.html: the widget under the page's title and intro, its first layer
 * inside the first viewport, only layers near the viewport computed; not scrolled, as a
 * reader opens it), and the main-thread baseline.
 */
export type PageKind = 'convlens' | 'demo' | 'baseline';

const PAGE_PATHS: Record<PageKind, string> = {
  convlens: EMBED_PAGE, demo: DEMO_PAGE, baseline: `${BASELINE_PAGE}?model=../models/cifar10/model.json&src=../${IMAGE}`,
};

/** Loads `kind`'s page cold and waits for the end of its cold window; returns that end (ms since navigation). */
async function coldLoad(page: Page, env: Env, server: Served, kind: PageKind, cpu: CpuWatch): Promise<Snapshot> {
  // The server listens on 127.0.0.1 and is addressed as localhost: the other name is another site.
  if (env.arriveFromOtherSite) await page.goto(`${server.url.replace('//localhost:', '//127.0.0.1:')}samples/ATTRIBUTION.html`);
  cpu.start();
  // Nothing of Playwright's runs in the page until the first tile: the binding says when.
  const firstTile = cpu.reached(env.timeoutMs);
  await page.goto(server.url + PAGE_PATHS[kind]);
  // No first tile in time: say what the widget reported (its error), read only now.
  await firstTile.catch(async (error: Error) => {
    const { errors } = await page.evaluate(() => (globalThis as any).__bench.state()).catch(() => ({ errors: [] as string[] }));
    throw new Error(errors.length > 0 ? errors.join('; ') : error.message);
  });
  if (kind === 'demo') {
    await waitQuiet(page, env);
  } else {
    await waitFor(page, env, 'allPainted');
    if (kind === 'convlens') await waitFor(page, env, 'done');
  }
  await flush(page);
  return snapshot(page);
}

/**
 * Cold load of `kind`'s page on `server`, then `warmRuns` warm runs of the same image in the
 * same page (not on the demo page). A warm run starts with the widget's el.run() or the baseline's run().
 */
export async function pageRun(env: Env, server: Served, kind: PageKind, warmRuns: number): Promise<PageRun> {
  const { context, page, requests, cpu, settle } = await open(env);
  try {
    const first = await coldLoad(page, env, server, kind, cpu);
    const origin = await page.evaluate(() => performance.timeOrigin);
    await settle();
    const before = bytesBefore(requests, origin, first.firstTile!);
    const firstLayer = Math.min(...Object.values(first.layerArrived));
    // The demo's window ends with the last tile of the layers it computed.
    const end = first.allPainted ?? Math.max(first.firstTile!, ...Object.values(first.layerPainted));
    const cold: ColdFigures = {
      firstLayerMs: firstLayer, firstTileMs: first.firstTile!, allPaintedMs: first.allPainted ?? NaN, bytesBeforeFirstTile: before.bytes,
      weightFilesBeforeFirstTile: before.weights, weightFilesBeforeFirstLayer: bytesBefore(requests, origin, firstLayer).weights,
      codeGzipBeforeFirstTile: codeGzipBefore(env.root, before.paths), cpuBeforeFirstTile: cpu.firstTile(),
      longTasks: longTasksIn(first.longTasks, 0, end), frames: framesIn(first.longFrames, 0, end), longFrames: first.longFrames.filter((f) => f.start <= end), loaf: first.loaf, webgl: first.webgl,
    };
    if (kind === 'demo') warmRuns = 0;
    const backend = kind !== 'baseline' ? await page.evaluate(() => (document.querySelector('conv-lens') as any).backend) : { backend: 'cpu', mainThread: true };
    const isolated = await page.evaluate(() => crossOriginIsolated);
    const warm: WarmFigures[] = [];
    for (let run = 0; run < warmRuns; run++) {
      if (kind === 'convlens') {
        await page.evaluate((image) => void ((globalThis as any).__bench.begin(), (document.querySelector('conv-lens') as any).run(image)), `../${IMAGE}`);
        await waitFor(page, env, 'done');
      } else {
        await page.evaluate((image) => void ((globalThis as any).__bench.begin(), (globalThis as any).__baseline.run(image)), `../${IMAGE}`);
      }
      await waitFor(page, env, 'allPainted');
      await flush(page);
      const s = await snapshot(page);
      warm.push({
        computeMs: SIX_LAYERS.reduce((sum, name) => sum + (s.layerMs[name] ?? NaN), 0),
        endToEndMs: s.allPainted! - s.start,
        longTasks: longTasksIn(s.longTasks, s.start, s.allPainted!),
        frames: framesIn(s.longFrames, s.start, s.allPainted!),
        longFrames: s.longFrames.filter((f) => f.start <= s.allPainted!),
      });
    }
    await settle();
    return { cold, warm, backend, isolated, requests: [...requests] };
  } finally {
    await context.close();
  }
}

/** Worker-level compute of the six layers for each backend configuration (fresh worker each). */
export async function workerMatrix(env: Env, server: Served, configs: Record<string, BackendOptions>, runs: number): Promise<Record<string, MatrixResult>> {
  const { context, page } = await open(env);
  try {
    await page.goto(server.url + MATRIX_PAGE);
    await page.waitForFunction(() => '__matrix' in globalThis);
    const results: Record<string, MatrixResult> = {};
    for (const [name, options] of Object.entries(configs)) {
      results[name] = await page.evaluate(
        ([image, opts, n, layers]) => (globalThis as any).__matrix.measure('../models/cifar10/model.json', image, opts, n, layers),
        [`../${IMAGE}`, options, runs, SIX_LAYERS] as const,
      );
    }
    return results;
  } finally {
    await context.close();
  }
}

export interface ScaleFigures {
  /** From el.run() to the first tile of the first conv layer painted. */
  firstLayerFirstTileMs: number;
  /** … to all 64 tiles of the first layer painted. */
  firstLayerAllTilesMs: number;
  /** … to every tile of all 13 conv layers painted. */
  allPaintedMs: number;
  /** Worker compute time of each conv layer (including its weight fetch on the cold run). */
  layerMs: Record<string, number>;
  longTasks: LongTaskFigure;
}

export interface ScaleRuns {
  backend: unknown;
  /** The first run in a fresh context: every layer's weights are fetched on the way. */
  cold: ScaleFigures;
  /** Later runs of the same page: weights in the worker already. */
  warm: ScaleFigures[];
}

/** The VGG-16-shaped model in the widget: a cold run, then `warmRuns` more, all 4,224 channels streaming in. */
export async function scaleRuns(env: Env, server: Served, convLayers: string[], warmRuns: number): Promise<ScaleRuns> {
  const { context, page } = await open(env);
  try {
    await page.goto(server.url + VGG_PAGE);
    await page.waitForFunction(() => (globalThis as any).__bench.snapshot().expected.length > 0, undefined, { timeout: env.timeoutMs });
    const runs: ScaleFigures[] = [];
    for (let run = 0; run <= warmRuns; run++) {
      await page.evaluate((image) => void ((globalThis as any).__bench.begin(), (document.querySelector('conv-lens') as any).run(image)), `../${IMAGE}`);
      await waitFor(page, env, 'allPainted');
      await flush(page);
      const s = await snapshot(page);
      const first = convLayers[0];
      runs.push({
        firstLayerFirstTileMs: s.layerFirstTile[first] - s.start,
        firstLayerAllTilesMs: s.layerPainted[first] - s.start,
        allPaintedMs: s.allPainted! - s.start,
        layerMs: Object.fromEntries(convLayers.map((name) => [name, s.layerMs[name]])),
        longTasks: longTasksIn(s.longTasks, s.start, s.allPainted!),
      });
    }
    const backend = await page.evaluate(() => (document.querySelector('conv-lens') as any).backend);
    return { backend, cold: runs[0], warm: runs.slice(1) };
  } finally {
    await context.close();
  }
}

/** Peak tensor memory of the worker (tf.memory().numBytes between layers) for the VGG-16 model. */
export async function scaleMemory(env: Env, server: Served, convLayers: string[]): Promise<MatrixResult> {
  const { context, page } = await open(env);
  try {
    await page.goto(server.url + MATRIX_PAGE);
    await page.waitForFunction(() => '__matrix' in globalThis);
    return await page.evaluate(
      ([image, layers]) => (globalThis as any).__matrix.measure('./vgg16/model.json', image, {}, 1, layers),
      [`../${IMAGE}`, convLayers] as const,
    );
  } finally {
    await context.close();
  }
}

/**
 * A fixed busy loop on the page's main thread, best of three (noise from other processes
 * only ever adds): how much the level really slows the browser.
 */
export async function calibrate(env: Env): Promise<number> {
  const { context, page } = await open(env);
  const loop = '(() => { const t = performance.now(); let x = 0; for (let i = 0; i < 3e7; i++) x += Math.sqrt(i); return performance.now() - t + (x < 0 ? 1 : 0); })()';
  try {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) times.push(await page.evaluate(loop) as number);
    return Math.min(...times);
  } finally {
    await context.close();
  }
}

/**
 * One measurement each: a cold page load and warm runs of the widget embedded in a page,
 * the same for the main-thread baseline, worker-level figures per backend, and the
 * VGG-16 scale run. Every page gets the probe (bench/pages/probe.ts) first; callbacks
 * passed to page.evaluate stay one-liners on the probe's globals, because tsx would wrap
 * named inner functions in a helper the page does not have.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendOptions } from '../worker/backend';
import { BASELINE_PAGE, EMBED_PAGE, IMAGE, MATRIX_PAGE, VGG_PAGE } from './root';
import type { Throttle } from './throttle';
import type { MatrixResult } from './pages/worker-matrix';

/** The lecture's six layers: what the widget shows by default and the baseline computes. */
export const SIX_LAYERS = ['conv2d', 'max_pooling2d', 'conv2d_1', 'conv2d_2', 'max_pooling2d_1', 'conv2d_3'];
/** A laptop's viewport: tiles below it are painted into their canvases but not rastered. */
export const VIEWPORT = { width: 1100, height: 900 };

export interface Env {
  browser: Browser;
  throttle: Throttle;
  level: number;
  probe: string;
  /** Timeout for one page to finish, scaled by the slow-down. */
  timeoutMs: number;
  /** The served folder: a 200 response's size is its file's size (the server sends files as they are). */
  root: string;
}

/** Anything serving the bench root. */
export interface Served { url: string }

export type ByteClass = 'pageJs' | 'workerJs' | 'wasm' | 'weights' | 'other';

export interface Request { path: string; host: string; kind: ByteClass; start: number; bytes: number; status: number }

interface Snapshot {
  start: number; firstTile: number | null; allPainted: number | null; done: number | null;
  layerPainted: Record<string, number>; layerFirstTile: Record<string, number>; layerMs: Record<string, number>;
  layerArrived: Record<string, number>;
  longTasks: { start: number; duration: number }[]; errors: string[]; webgl: boolean; expected: string[];
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
  longTasks: LongTaskFigure;
  webgl: boolean;
}

export interface WarmFigures {
  /** Sum of the six layers' compute times (the worker's own, for convlens). */
  computeMs: number;
  /** From the image chosen to the last tile painted. */
  endToEndMs: number;
  longTasks: LongTaskFigure;
}

export interface PageRun { cold: ColdFigures; warm: WarmFigures[]; backend: unknown; requests: Request[] }

export function classify(path: string): ByteClass {
  if (path.endsWith('.wasm')) return 'wasm';
  if (path.endsWith('.bin')) return 'weights';
  if (/(^|\/)worker\.js$/.test(path) || /(^|\/)chunks\/[^/]+\.js$/.test(path)) return 'workerJs';
  if (path.endsWith('.js')) return 'pageJs';
  return 'other';
}

/** A fresh context (empty cache: a cold load) with the probe installed and every request recorded. */
async function open(env: Env): Promise<{ context: BrowserContext; page: Page; requests: Request[]; settle(): Promise<void> }> {
  const context = await env.browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript({ content: env.probe });
  const requests: Request[] = [];
  const pending: Promise<void>[] = [];
  context.on('requestfinished', (request) => {
    pending.push(request.response().then((response) => {
      const url = new URL(request.url());
      const status = response?.status() ?? 0;
      requests.push({
        // data: and blob: URLs have no host: they never leave the page.
        path: url.pathname, host: url.protocol.startsWith('http') ? url.hostname : url.protocol, kind: classify(url.pathname), start: request.timing().startTime,
        bytes: status === 200 ? fileSize(env.root, url.pathname) : 0, status,
      });
    }).catch(() => undefined));
  });
  const page = await context.newPage();
  await env.throttle.applyToPage(page, env.level);
  return { context, page, requests, settle: async () => void (await Promise.all(pending)) };
}

/**
 * Bytes of a file as served. Playwright's request.sizes() reports 0 for a dedicated
 * worker's own script, so the size comes from the served folder instead.
 */
function fileSize(root: string, pathname: string): number {
  try {
    return statSync(join(root, decodeURIComponent(pathname))).size;
  } catch {
    return 0;
  }
}

async function snapshot(page: Page): Promise<Snapshot> {
  return page.evaluate(() => (globalThis as any).__bench.snapshot());
}

async function waitFor(page: Page, env: Env, condition: 'allPainted' | 'done'): Promise<void> {
  await page.waitForFunction((key) => {
    const s = (globalThis as any).__bench.snapshot();
    if (s.errors.length > 0) throw new Error(s.errors.join('; '));
    return s[key] !== null;
  }, condition, { timeout: env.timeoutMs, polling: 100 });
}

/** Long tasks that started inside [from, to]. */
export function longTasksIn(tasks: { start: number; duration: number }[], from: number, to: number): LongTaskFigure {
  const inside = tasks.filter((task) => task.start >= from && task.start <= to);
  return { count: inside.length, longestMs: Math.max(0, ...inside.map((task) => task.duration)) };
}

function bytesBefore(requests: Request[], origin: number, time: number): { bytes: Record<ByteClass, number>; weights: string[] } {
  const bytes: Record<ByteClass, number> = { pageJs: 0, workerJs: 0, wasm: 0, weights: 0, other: 0 };
  const weights: string[] = [];
  for (const request of requests) {
    if (request.start - origin > time) continue;
    bytes[request.kind] += request.bytes;
    if (request.kind === 'weights') weights.push(request.path.split('/').pop()!);
  }
  return { bytes, weights };
}

/** Long-task entries are delivered after the task: give the observer a moment. */
const flush = (page: Page) => page.waitForTimeout(300);

/**
 * Cold load of `path` on `server`, then `warmRuns` warm runs of the same image in the same
 * page. `kind` says how a warm run starts: the widget's el.run() or the baseline's run().
 */
export async function pageRun(env: Env, server: Served, kind: 'convlens' | 'baseline', warmRuns: number): Promise<PageRun> {
  const { context, page, requests, settle } = await open(env);
  try {
    const path = kind === 'convlens' ? EMBED_PAGE : `${BASELINE_PAGE}?model=../models/cifar10/model.json&src=../${IMAGE}`;
    await page.goto(server.url + path);
    await waitFor(page, env, 'allPainted');
    if (kind === 'convlens') await waitFor(page, env, 'done');
    await flush(page);
    const first = await snapshot(page);
    const origin = await page.evaluate(() => performance.timeOrigin);
    await settle();
    const before = bytesBefore(requests, origin, first.firstTile!);
    const firstLayer = Math.min(...Object.values(first.layerArrived));
    const cold: ColdFigures = {
      firstLayerMs: firstLayer, firstTileMs: first.firstTile!, allPaintedMs: first.allPainted!, bytesBeforeFirstTile: before.bytes,
      weightFilesBeforeFirstTile: before.weights, weightFilesBeforeFirstLayer: bytesBefore(requests, origin, firstLayer).weights,
      longTasks: longTasksIn(first.longTasks, 0, first.allPainted!), webgl: first.webgl,
    };
    const backend = kind === 'convlens' ? await page.evaluate(() => (document.querySelector('conv-lens') as any).backend) : { backend: 'cpu', mainThread: true };
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
      });
    }
    await settle();
    return { cold, warm, backend, requests: [...requests] };
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

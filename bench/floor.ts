/**
 * The browser's own floor under the cold-load figure: how long headless Chromium, slowed
 * the same way as the benchmark, takes from navigation start to a canvas drawn by
 *   - inline:        an inline script in the HTML (nothing fetched);
 *   - module script: a tiny module script file (the embed's <script type="module" src>);
 *   - worker:        that script starts a tiny module worker and draws what it posts;
 *   - worker+wasm:   the same, the worker first compiling the tfjs WASM-SIMD binary
 *                   (WebAssembly.compileStreaming), as any WASM inference must;
 *   - first screen+worker+wasm: that page under a still copy of the widget's first screen
 *                   (bench/first-screen.ts): the rendering a page with the widget pays anyway;
 *   - demo first screen+worker+wasm: that page inside a still copy of the whole demo page.
 * `npm start` serves the demo with COOP/COEP where WASM threads would run (serve.mjs), so
 * "worker+wasm" and the demo's copy are measured that way too (ISOLATED_FLOORS, keyed
 * "… (COOP/COEP)"), beside the plain ones: the demo is set against the copy served as it was.
 * No design that runs in a worker can paint its first tile before "worker+wasm"; the target
 * "first tile ≤ worker+wasm + 0.5 s at ¼ core" is measured against it. Each page also gets
 * the CPU the Chromium processes spent until the canvas was drawn (bench/proc-cpu.ts).
 *
 * And the floor under "zero long tasks": a page whose only work is to put a 16-row band
 * into a 64×64 canvas once per frame (microseconds of script) for FRAME_SECONDS, counting
 * its main-thread long tasks. Under the cgroup quota the browser's own frame work (style,
 * paint, commit, shared with every other Chromium thread) already exceeds 50 ms.
 *
 * `npm run bench` prints these per level; alone: `npm run bench:floor -- [--runs 5] [--levels 1,4,6]`.
 */
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../test/browser/chromium';
import { captureFirstScreens, MAIN_SCRIPT, type FirstScreens } from './first-screen';
import { prepareRoot } from './root';
import { formatCpu, medianCpu, watchCpu, type CpuByPart } from './proc-cpu';
import { VIEWPORT, type Env, type Served } from './scenarios';
import { startServerProcess } from './server-process';
import { createThrottle } from './throttle';

const DRAW = `
  const canvas = document.body.appendChild(document.createElement('canvas'));
  canvas.width = canvas.height = 32;
  canvas.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(PIXELS), 32, 32), 0, 0);
  globalThis.__drawn = performance.now();
  globalThis.__benchFirstTile?.();`;

/** The floor page the first-tile target is measured against. */
export const WORKER_WASM_FLOOR = 'worker+wasm';

const PAGES: Record<string, Record<string, string>> = {
  inline: {
    'index.html': `<!doctype html><meta charset="utf-8"><title>floor</title><body><script>
      const PIXELS = new Uint8Array(32 * 32 * 4).fill(200);${DRAW}</script></body>`,
  },
  'module script': {
    'index.html': '<!doctype html><meta charset="utf-8"><title>floor</title><body><script type="module" src="./main.js"></script></body>',
    'main.js': `const PIXELS = new Uint8Array(32 * 32 * 4).fill(200);${DRAW}`,
  },
  worker: {
    'index.html': '<!doctype html><meta charset="utf-8"><title>floor</title><body><script type="module" src="./main.js"></script></body>',
    'main.js': `new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }).onmessage = ({ data: PIXELS }) => {${DRAW}};`,
    'worker.js': 'postMessage(new Uint8Array(32 * 32 * 4).fill(200));',
  },
  'worker+wasm': {
    'index.html': '<!doctype html><meta charset="utf-8"><title>floor</title><body><script type="module" src="./main.js"></script></body>',
    'main.js': `new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }).onmessage = ({ data: PIXELS }) => {${DRAW}};`,
    'worker.js': `await WebAssembly.compileStreaming(fetch('../../tfjs-backend-wasm-simd.wasm'));
      postMessage(new Uint8Array(32 * 32 * 4).fill(200));`,
  },
};

/** The worker+wasm page under a still copy of the widget's first screen (bench/first-screen.ts). */
export const FIRST_SCREEN_FLOOR = 'first screen+worker+wasm';

function firstScreenPage(firstScreen: string): Record<string, string> {
  const { 'main.js': main, 'worker.js': worker } = PAGES[WORKER_WASM_FLOOR];
  return {
    'index.html': `<!doctype html><meta charset="utf-8"><title>floor</title><body>${firstScreen}<script type="module" src="./main.js"></script></body>`,
    'main.js': main, 'worker.js': worker,
  };
}

/** The worker+wasm page inside a still copy of the demo page, whose relative URLs keep pointing at the site root. */
export const DEMO_SCREEN_FLOOR = 'demo first screen+worker+wasm';

function demoScreenPage(demo: string): Record<string, string> {
  const { 'main.js': main, 'worker.js': worker } = PAGES[WORKER_WASM_FLOOR];
  const here = `/__floor/${encodeURIComponent(DEMO_SCREEN_FLOOR)}`;
  const html = demo.replace('<head>', '<head><base href="/">').replace(MAIN_SCRIPT, `<script type="module" src="${here}/main.js"></script>`);
  if (html === demo) throw new Error('the demo copy has no <head> or no place for the floor script: update bench/first-screen.ts');
  return { 'index.html': html, 'main.js': main, 'worker.js': worker.replace("'../../", "'/") };
}

/** Floors measured again as the demo is served where threads run (COOP/COEP), under `isolatedFloor(name)`. */
export const ISOLATED_FLOORS = [WORKER_WASM_FLOOR, DEMO_SCREEN_FLOOR];
export const isolatedFloor = (name: string) => `${name} (COOP/COEP)`;

/** How long the frame-floor page animates. */
const FRAME_SECONDS = 5;

const FRAMES_PAGE = `<!doctype html><meta charset="utf-8"><title>floor</title><body><canvas width="64" height="64"></canvas><script>
  const longTasks = [];
  const longFrames = [];
  new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration))).observe({ type: 'longtask' });
  try {
    new PerformanceObserver((list) => list.getEntries().forEach((e) => e.duration >= 50 && longFrames.push(e.duration))).observe({ type: 'long-animation-frame' });
  } catch {}
  const context = document.querySelector('canvas').getContext('2d');
  const band = new ImageData(64, 16);
  const start = performance.now();
  let frames = 0;
  requestAnimationFrame(function frame() {
    band.data.fill(frames++ % 255);
    context.putImageData(band, 0, (frames * 16) % 64);
    if (performance.now() - start < ${FRAME_SECONDS * 1000}) requestAnimationFrame(frame);
    else setTimeout(() => (globalThis.__frames = { frames, longTasks, longFrames }), 200);
  });
</script></body>`;

export interface FrameFloor {
  seconds: number;
  frames: number;
  longTasks: number;
  longestMs: number;
  /** Long animation frames (≥ 50 ms): all of them the browser's own, the page's script being microseconds. */
  longFrames: number;
  longestFrameMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Writes the floor pages under `<root>/__floor/`; with `screens` (bench/first-screen.ts), the first-screen floors too. */
export async function writeFloorPages(root: string, screens?: FirstScreens): Promise<void> {
  await mkdir(join(root, '__floor', 'frames'), { recursive: true });
  await writeFile(join(root, '__floor', 'frames', 'index.html'), FRAMES_PAGE);
  const pages = screens ? { ...PAGES, [FIRST_SCREEN_FLOOR]: firstScreenPage(screens.embed), [DEMO_SCREEN_FLOOR]: demoScreenPage(screens.demo) } : PAGES;
  for (const [name, files] of Object.entries(pages)) {
    const dir = join(root, '__floor', name);
    await mkdir(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
  }
}

export interface FloorResult {
  /** Median ms from navigation start to the canvas drawn, per floor page. */
  ms: Record<string, number>;
  /** Median CPU per process kind until then (null without a cgroup). */
  cpu: Record<string, CpuByPart | null>;
}

/** The floor pages written under `root` (the first-screen ones once a browser captured the widget: writeFloorPages). */
function written(root: string, names: string[]): string[] {
  return names.filter((name) => existsSync(join(root, '__floor', name)));
}

/**
 * Cold loads of floor pages at `env`'s level (by default every one). Results are keyed by `key(name)`.
 */
export async function measureFloor(
  env: Env, server: Served, runs: number,
  names = [...Object.keys(PAGES), FIRST_SCREEN_FLOOR, DEMO_SCREEN_FLOOR], key = (name: string) => name,
): Promise<FloorResult> {
  const result: FloorResult = { ms: {}, cpu: {} };
  for (const name of written(env.root, names)) {
    const times: number[] = [];
    const cpus: CpuByPart[] = [];
    for (let run = 0; run < runs; run++) {
      const context = await env.browser.newContext({ viewport: VIEWPORT });
      try {
        const cpu = await watchCpu(context, env.throttle.cgroupProcs);
        const page = await context.newPage();
        await env.throttle.applyToPage(page, env.level);
        cpu.start();
        // No polling in the page (a rAF loop of Playwright's would add frames): the binding says when.
        const drawn = cpu.reached(env.timeoutMs);
        await page.goto(`${server.url}__floor/${encodeURIComponent(name)}/index.html`);
        await drawn;
        times.push(await page.evaluate(() => (globalThis as any).__drawn as number));
        const spent = cpu.firstTile();
        if (spent) cpus.push(spent);
      } finally {
        await context.close();
      }
    }
    result.ms[key(name)] = median(times);
    result.cpu[key(name)] = medianCpu(cpus);
  }
  return result;
}

/** Every floor: the plain ones from `plain`, ISOLATED_FLOORS again from `isolated` (COOP/COEP). */
export async function measureFloors(env: Env, plain: Served, isolated: Served, runs: number): Promise<FloorResult> {
  const own = await measureFloor(env, plain, runs);
  const like = await measureFloor(env, isolated, runs, ISOLATED_FLOORS, isolatedFloor);
  return { ms: { ...own.ms, ...like.ms }, cpu: { ...own.cpu, ...like.cpu } };
}

/** The floors the report sets against the target's ("worker+wasm"): the first screens, and those served as the demo is. */
export const COMPARED_FLOORS = [FIRST_SCREEN_FLOOR, DEMO_SCREEN_FLOOR, ...ISOLATED_FLOORS.map(isolatedFloor)];

/** The floor key served as `page` was: a floor measured with COOP/COEP for an isolated page. */
export const servedAs = (page: { isolated: boolean }, name: string) => (page.isolated ? isolatedFloor(name) : name);

/** The floor CPU lines worth printing: the target's floor and the compared ones. */
export const CPU_FLOORS = [WORKER_WASM_FLOOR, ...COMPARED_FLOORS];

export function formatFloor(floor: Record<string, number>): string {
  return Object.entries(floor).map(([name, ms]) => `${name} ${Math.round(ms)} ms`).join(' · ');
}

/** Long tasks of the frame-floor page (one tiny canvas update per frame) at `env`'s level. */
export async function measureFrameFloor(env: Env, server: Served): Promise<FrameFloor> {
  const context = await env.browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await env.throttle.applyToPage(page, env.level);
    await page.goto(`${server.url}__floor/frames/index.html`);
    await page.waitForFunction(() => '__frames' in globalThis, undefined, { timeout: env.timeoutMs });
    const { frames, longTasks, longFrames } = await page.evaluate(() => (globalThis as any).__frames as { frames: number; longTasks: number[]; longFrames: number[] });
    return {
      seconds: FRAME_SECONDS, frames, longTasks: longTasks.length, longestMs: Math.max(0, ...longTasks),
      longFrames: longFrames.length, longestFrameMs: Math.max(0, ...longFrames),
    };
  } finally {
    await context.close();
  }
}

export function formatFrameFloor(f: FrameFloor): string {
  return `a page updating one 64×64 canvas per frame for ${f.seconds} s: ${f.frames} frames, ${f.longTasks} long tasks (longest ${Math.round(f.longestMs)} ms), ` +
    `${f.longFrames ?? 0} long animation frames (longest ${Math.round(f.longestFrameMs ?? 0)} ms)`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
  const runs = Math.max(1, Number(option('--runs', '5')));
  const levels = option('--levels', '1,4,6').split(',').map(Number);
  const root = await prepareRoot();
  const server = await startServerProcess({ isolated: false, root: root.dir });
  const isolated = await startServerProcess({ isolated: true, root: root.dir });
  const throttle = await createThrottle(CHROMIUM_PATH);
  const browser = await chromium.launch({ executablePath: throttle.executablePath, args: [...CHROMIUM_FLAGS, '--disable-3d-apis'] });
  try {
    await writeFloorPages(root.dir, await captureFirstScreens(browser, server.url));
    console.log(`floor: navigation start → canvas drawn, median of ${runs} cold loads (${throttle.description})`);
    for (const level of levels) {
      await throttle.setLevel(level);
      const env: Env = { browser, throttle, level, probe: root.probe, timeoutMs: 60_000 * level, root: root.dir };
      const floor = await measureFloors(env, server, isolated, runs);
      console.log(`${level}×: ${formatFloor(floor.ms)}`);
      for (const name of CPU_FLOORS) console.log(`    CPU before the canvas, ${name}: ${formatCpu(floor.cpu[name] ?? null)}`);
      console.log(`    ${formatFrameFloor(await measureFrameFloor(env, server))}`);
    }
  } finally {
    await browser.close().catch(() => undefined);
    await throttle.remove();
    await server.close();
    await isolated.close();
    await root.remove();
  }
}

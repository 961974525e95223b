/**
 * `npm run bench`: builds, then measures convlens against the main-thread tfjs `cpu`
 * baseline in headless Chromium with WebGL off, at 1×, ¼ core (4×) and ⅙ core (6×),
 * prints a table with ratios and writes bench/results/<date>.json. Cold loads of the embed
 * page (without and with COOP/COEP), of the demo page as `npm start` serves it (COOP/COEP)
 * and of the baseline, each with its first tile against the browser floor, the CPU every
 * Chromium process spent before it (/proc) and its long animation frames attributed.
 *
 *   --runs 5          cold page loads per page and level, each followed by --warm warm runs
 *   --warm 1          warm runs per cold load
 *   --levels 1,4,6    slow-downs
 *   --scale-runs 3    warm VGG-16 runs per level after its cold run; --no-scale skips VGG-16
 *   --period-us 24000 cgroup quota period
 */
import { chromium, type Browser } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startServerProcess } from './server-process';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../test/browser/chromium';
import { prepareRoot } from './root';
import { createThrottle, DEFAULT_PERIOD_US } from './throttle';
import { calibrate, pageRun, scaleMemory, scaleRuns, workerMatrix, type Env, type PageRun, type ScaleRuns } from './scenarios';
import { formatLevel, formatTargets, summariseMatrix, summarisePage, summariseScale, type LevelResult } from './report';
import { formatSizes, measureSizes } from './size';
import { repeatView } from './repeat-view';
import { captureFirstScreens } from './first-screen';
import { formatFloor, formatFrameFloor, measureFloors, measureFrameFloor, writeFloorPages } from './floor';
import type { MatrixResult } from './pages/worker-matrix';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const RUNS = Math.max(1, Number(option('--runs', '5')));
const WARM = Math.max(1, Number(option('--warm', '1')));
const LEVELS = option('--levels', '1,4,6').split(',').map(Number);
const SCALE_RUNS = args.includes('--no-scale') ? 0 : Number(option('--scale-runs', '3'));
const PERIOD_US = Number(option('--period-us', String(DEFAULT_PERIOD_US)));
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

const started = Date.now();
const log = (message: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

const root = await prepareRoot();
const plain = await startServerProcess({ isolated: false, root: root.dir });
const isolated = await startServerProcess({ isolated: true, root: root.dir });
// As `npm start` serves: COOP/COEP only for a browser whose cookie says threads would run.
const asServed = await startServerProcess({ isolated: 'auto', root: root.dir });
const throttle = await createThrottle(CHROMIUM_PATH, PERIOD_US);
let browser: Browser | null = null;
/** Every host any benchmark page contacted: only localhost is expected. */
const hosts = new Set<string>();
const seen = (run: PageRun) => (run.requests.forEach((r) => hosts.add(r.host)), run);
// Ctrl-C or `timeout`: still close Chromium and remove the cgroup.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void (async () => {
      await browser?.close().catch(() => undefined);
      await throttle.remove();
      await Promise.all([plain.close(), isolated.close(), asServed.close(), root.remove()]);
      process.exit(130);
    })();
  });
}
try {
  console.log(`throttling: ${throttle.description}`);
  browser = await chromium.launch({ executablePath: throttle.executablePath, args: [...CHROMIUM_FLAGS, '--disable-3d-apis'] });
  log(`Chromium ${browser.version()}, WebGL switched off (--disable-3d-apis)`);
  // The first-screen floors copy the embed's widget and the demo page as they show while loading (at full speed, once).
  await writeFloorPages(root.dir, await captureFirstScreens(browser, plain.url));
  const env = (level: number): Env => ({ browser: browser!, throttle, level, probe: root.probe, timeoutMs: 60_000 * level, root: root.dir });
  const levels: LevelResult[] = [];
  const raw: Record<string, unknown> = {};
  let calibration1x = NaN;
  for (const level of LEVELS) {
    await throttle.setLevel(level);
    const e = env(level);
    const loop = await calibrate(e);
    if (level === 1) calibration1x = loop;
    const runs: Record<'convlens' | 'convlensIsolated' | 'demo' | 'baseline', PageRun[]> = { convlens: [], convlensIsolated: [], demo: [], baseline: [] };
    for (let run = 0; run < RUNS; run++) {
      // Interleaved, so machine noise falls on all four alike.
      runs.convlens.push(seen(await pageRun(e, plain, 'convlens', WARM)));
      runs.convlensIsolated.push(seen(await pageRun(e, isolated, 'convlens', WARM)));
      runs.demo.push(seen(await pageRun(e, asServed, 'demo', 0)));
      runs.baseline.push(seen(await pageRun(e, plain, 'baseline', WARM)));
      log(`${level}×: page run ${run + 1}/${RUNS}`);
    }
    const matrix: Record<string, MatrixResult>[] = [
      await workerMatrix(e, plain, { 'wasm simd': {}, 'wasm no simd': { simd: false }, 'cpu in worker': { backend: 'cpu' } }, RUNS),
      await workerMatrix(e, isolated, { 'wasm simd+threads': {} }, RUNS),
    ];
    const workers = summariseMatrix([{ ...matrix[0], ...matrix[1] }]);
    // What the browser itself needs before any script can paint: the floor under "first tile".
    const floor = await measureFloors(e, plain, isolated, RUNS);
    const frameFloor = await measureFrameFloor(e, plain);
    log(`${level}×: browser floor ${formatFloor(floor.ms)}; ${formatFrameFloor(frameFloor)}`);
    let scale: ScaleRuns | null = null;
    if (SCALE_RUNS > 0) {
      scale = await scaleRuns(e, plain, root.vgg.convLayers, SCALE_RUNS);
      log(`${level}×: VGG-16, 1 cold + ${SCALE_RUNS} warm runs`);
    }
    const result: LevelResult = {
      // Without a 1× level the loop's own ms are the only figure.
      level, measuredSlowdown: loop / (Number.isFinite(calibration1x) ? calibration1x : loop),
      convlens: summarisePage(runs.convlens), convlensIsolated: summarisePage(runs.convlensIsolated), demo: summarisePage(runs.demo),
      baseline: summarisePage(runs.baseline), workers, scale: scale ? summariseScale(scale) : null, floor: floor.ms, floorCpu: floor.cpu, frameFloor,
    };
    levels.push(result);
    raw[`${level}x`] = { calibrationLoopMs: loop, runs: stripRequests(runs), matrix, scale };
    console.log(`\n${formatLevel(result)}\n`);
  }
  await throttle.setLevel(1);
  const memory = SCALE_RUNS > 0 ? await scaleMemory(env(1), plain, root.vgg.convLayers) : null;
  if (memory) console.log(`VGG-16 peak worker tensor memory (tf.memory().numBytes between layers, 1×): ${(memory.peakTensorBytes / 2 ** 20).toFixed(1)} MB (${(root.vgg.weightBytes / 2 ** 20).toFixed(1)} MB of it weights)`);
  const repeat = await repeatView(env(1), plain);
  console.log(`repeat view (reload, HTTP cache warm): ${repeat.summary}`);
  const sizes = measureSizes(root.dir);
  console.log(`\n${formatSizes(sizes)}`);
  console.log(`\n${formatTargets(levels, sizes, [...hosts])}\n`);
  const date = new Date().toISOString();
  const git = (...a: string[]) => execFileSync('git', a, { cwd: fileURLToPath(new URL('..', import.meta.url)) }).toString().trim();
  const source = { commit: git('rev-parse', '--short', 'HEAD'), uncommitted: git('status', '--porcelain', 'src', 'worker', 'static', 'build.mjs').split('\n').filter(Boolean).length };
  const output = {
    date, source, command: `npm run bench -- ${args.join(' ')}`.trim(), chromium: browser.version(), throttle: throttle.description,
    machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg() }, runs: RUNS, warmPerLoad: WARM,
    levels, memory, repeatView: repeat, sizes, hosts: [...hosts], raw,
  };
  await mkdir(RESULTS, { recursive: true });
  const file = `${RESULTS}${date.slice(0, 19).replace(/:/g, '-')}.json`;
  await writeFile(file, `${JSON.stringify(output, null, 2)}\n`);
  log(`wrote ${file} (built from ${source.commit}${source.uncommitted ? ` + ${source.uncommitted} uncommitted files in src/ worker/ static/` : ''})`);
} finally {
  await browser?.close();
  await throttle.remove();
  await plain.close();
  await isolated.close();
  await asServed.close();
  await root.remove();
}

/** The request log, one line per request, to keep the JSON readable. */
function stripRequests(runs: Record<string, PageRun[]>) {
  return Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, list.map(({ requests, ...rest }) => ({
    ...rest, requests: requests.map((r) => `${r.status} ${r.path} ${r.bytes}`),
  }))]));
}

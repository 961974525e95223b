/**
 * Two variants of the cold load, interleaved in one run so machine noise falls on both alike:
 * first tile and the CPU each Chromium part spent before it (medians). For testing one lever
 * before changing the code (e.g. `--variant motion`: the page with prefers-reduced-motion).
 *
 *   tsx bench/ab-cold.ts [--runs 5] [--level 4] [--page embed|demo] [--variant NAME]     NAME: a key of VARIANTS (bench/ab-variants.ts)
 *
 * Run `node build.mjs` first. The full benchmark (npm run bench) gives the README's figures.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../test/browser/chromium';
import { VARIANTS } from './ab-variants';
import { describeScript, formatFrames, frameCosts, summariseFrames, type FrameFigure } from './frames';
import { formatCpu, medianCpu } from './proc-cpu';
import { prepareRoot } from './root';
import { pageRun, type Env } from './scenarios';
import { startServerProcess } from './server-process';
import { createThrottle } from './throttle';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const RUNS = Number(option('--runs', '5'));
const LEVEL = Number(option('--level', '4'));
const PAGE = option('--page', 'embed') === 'demo' ? 'demo' : 'convlens';
const VARIANT = option('--variant', 'motion');

const variants = VARIANTS[VARIANT];
if (!variants) throw new Error(`unknown variant ${VARIANT}: ${Object.keys(VARIANTS).join(', ')}`);
const root = await prepareRoot();
// A variant that rewrites the site gets a copy of the root and a server of its own.
const roots = await Promise.all(variants.map(async (variant) => {
  if (!variant.rewrite) return root.dir;
  const dir = await mkdtemp(join(tmpdir(), 'convlens-ab-'));
  await cp(root.dir, dir, { recursive: true });
  await variant.rewrite(dir);
  return dir;
}));
const servers = await Promise.all(roots.map((dir, i) => startServerProcess({ isolated: variants[i].isolated ?? (PAGE === 'demo' ? 'auto' : false), root: dir })));
const throttle = await createThrottle(CHROMIUM_PATH);
// One browser per variant (a variant's --disable-features replaces the standard one: Chromium keeps the last).
const launch = (args: string[]) => chromium.launch({ executablePath: throttle.executablePath, args: [...CHROMIUM_FLAGS, '--disable-3d-apis', ...args] });
const browsers = await Promise.all(variants.map((variant) => launch(variant.args ?? [])));
try {
  await throttle.setLevel(LEVEL);
  const results = variants.map(() => ({ firstTile: [] as number[], cpu: [] as NonNullable<ReturnType<typeof medianCpu>>[], frames: [] as FrameFigure[] }));
  for (let run = 0; run < RUNS; run++) {
    for (const [i, variant] of variants.entries()) {
      const env: Env = { browser: browsers[i], throttle, level: LEVEL, probe: root.probe, timeoutMs: 60_000 * LEVEL, root: roots[i], ...variant.env };
      const { cold } = await pageRun(env, servers[i], PAGE, 0);
      results[i].firstTile.push(cold.firstTileMs);
      if (cold.cpuBeforeFirstTile) results[i].cpu.push(cold.cpuBeforeFirstTile);
      results[i].frames.push(cold.frames);
      // DETAIL=1: every convlens-dominated long frame of the load, with its scripts.
      if (process.env.DETAIL) {
        for (const frame of cold.longFrames.filter((f) => f.duration >= 50 && frameCosts(f).cause === 'convlens script')) {
          console.log(`  ${variant.name}: ${Math.round(frame.start)} ms +${Math.round(frame.duration)}: ${frame.scripts.map(describeScript).join(' | ')}`);
        }
      }
    }
    console.log(`run ${run + 1}/${RUNS}`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`\n${PAGE === 'demo' ? 'demo page' : 'embed page'} at ${LEVEL}×, ${RUNS} cold loads each, interleaved (${throttle.method})`);
  for (const [i, { name }] of variants.entries()) {
    const r = results[i];
    console.log(`${name.padEnd(28)} first tile ${median(r.firstTile).toFixed(0)} ms (${r.firstTile.map((x) => x.toFixed(0)).join(', ')}); CPU before it: ${formatCpu(medianCpu(r.cpu))}`);
    console.log(`${''.padEnd(28)} cold load: ${formatFrames(summariseFrames(r.frames))}`);
  }
} finally {
  await Promise.all(browsers.map((browser) => browser.close().catch(() => undefined)));
  await throttle.remove();
  await Promise.all(servers.map((server) => server.close()));
  await Promise.all(roots.filter((dir) => dir !== root.dir).map((dir) => rm(dir, { recursive: true, force: true })));
  await root.remove();
}

/**
 * Two variants of the cold load, interleaved in one run so machine noise falls on both alike:
 * first tile and the CPU each Chromium part spent before it (medians). For testing one lever
 * before changing the code (e.g. `--variant motion`: the page with prefers-reduced-motion).
 *
 *   tsx bench/ab-cold.ts [--runs 5] [--level 4] [--page embed|demo] [--variant motion]
 *
 * Run `node build.mjs` first. The full benchmark (npm run bench) gives the README's figures.
 */
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, disableFeatures } from '../test/browser/chromium';
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

interface Variant { name: string; env?: Partial<Env>; args?: string[] }
const VARIANTS: Record<string, Variant[]> = {
  motion: [{ name: 'as served', env: { reducedMotion: 'no-preference' } }, { name: 'prefers-reduced-motion', env: { reducedMotion: 'reduce' } }],
  // Headless Chromium 156 preloads two WebUI omnibox popups (a renderer) with every new window.
  omnibox: [{ name: 'omnibox WebUI preloaded', args: [disableFeatures([], false)] }, { name: 'without omnibox WebUI', args: [] }],
};

const root = await prepareRoot();
const server = await startServerProcess({ isolated: PAGE === 'demo', root: root.dir });
const throttle = await createThrottle(CHROMIUM_PATH);
const variants = VARIANTS[VARIANT];
if (!variants) throw new Error(`unknown variant ${VARIANT}: ${Object.keys(VARIANTS).join(', ')}`);
// One browser per variant (a variant's --disable-features replaces the standard one: Chromium keeps the last).
const launch = (args: string[]) => chromium.launch({ executablePath: throttle.executablePath, args: [...CHROMIUM_FLAGS, '--disable-3d-apis', ...args] });
const browsers = await Promise.all(variants.map((variant) => launch(variant.args ?? [])));
try {
  await throttle.setLevel(LEVEL);
  const results = variants.map(() => ({ firstTile: [] as number[], cpu: [] as NonNullable<ReturnType<typeof medianCpu>>[] }));
  for (let run = 0; run < RUNS; run++) {
    for (const [i, variant] of variants.entries()) {
      const env: Env = { browser: browsers[i], throttle, level: LEVEL, probe: root.probe, timeoutMs: 60_000 * LEVEL, root: root.dir, ...variant.env };
      const { cold } = await pageRun(env, server, PAGE, 0);
      results[i].firstTile.push(cold.firstTileMs);
      if (cold.cpuBeforeFirstTile) results[i].cpu.push(cold.cpuBeforeFirstTile);
    }
    console.log(`run ${run + 1}/${RUNS}`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`\n${PAGE === 'demo' ? 'demo page' : 'embed page'} at ${LEVEL}×, ${RUNS} cold loads each, interleaved (${throttle.method})`);
  for (const [i, { name }] of variants.entries()) {
    const r = results[i];
    console.log(`${name.padEnd(24)} first tile ${median(r.firstTile).toFixed(0)} ms (${r.firstTile.map((x) => x.toFixed(0)).join(', ')}); CPU before it: ${formatCpu(medianCpu(r.cpu))}`);
  }
} finally {
  await Promise.all(browsers.map((browser) => browser.close().catch(() => undefined)));
  await throttle.remove();
  await server.close();
  await root.remove();
}

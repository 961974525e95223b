/**
 * The page's JavaScript before the first tile, from a V8 CPU profile of one cold load of the
 * embed page: self time per function (with its source position in the bundle's source map
 * resolved by hand when needed) and per file. For finding what convlens.js spends at start.
 *
 *   tsx bench/profile-js.ts [level]     level 1 (default) or 4
 */
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../test/browser/chromium';
import { EMBED_PAGE, prepareRoot } from './root';
import { VIEWPORT } from './scenarios';
import { startServerProcess } from './server-process';
import { createThrottle } from './throttle';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }

const level = Number(process.argv[2] ?? 1);
const root = await prepareRoot();
const server = await startServerProcess({ isolated: false, root: root.dir });
const throttle = await createThrottle(CHROMIUM_PATH);
const browser = await chromium.launch({ executablePath: throttle.executablePath, args: [...CHROMIUM_FLAGS, '--disable-3d-apis'] });
try {
  await throttle.setLevel(level);
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript({ content: root.probe });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.goto(`${server.url}${EMBED_PAGE}`);
  await page.waitForFunction(() => performance.getEntriesByName('first-tile').length > 0, null, { timeout: 120_000, polling: 50 });
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  const tile = await page.evaluate(() => performance.getEntriesByName('first-tile')[0].startTime);
  summarise(profile, tile);
} finally {
  await browser.close().catch(() => undefined);
  await throttle.remove();
  await server.close();
  await root.remove();
}

function summarise(profile: Profile, firstTile: number): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + profile.timeDeltas[i] / 1000));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber, columnNumber } = byId.get(id)!.callFrame;
    const file = url.replace(/^https?:\/\/[^/]+\//, '') || '(native)';
    const key = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}:${columnNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
  }
  console.log(`first tile at ${firstTile.toFixed(0)} ms (profile covers until it)`);
  for (const [file, ms] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${file}`);
  console.log('');
  for (const [fn, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${fn}`);
}

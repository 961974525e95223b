/**
 * The page's JavaScript before the first tile, from a V8 CPU profile of one cold load of the
 * embed page: self time per function (with its source position in the bundle's source map
 * resolved by hand when needed) and per file. For finding what convlens.js spends at start.
 *
 *   tsx bench/profile-js.ts [level]     level 1 (default) or 4
 *   env: UNTIL=all profiles until every layer is painted; FOCUS=name prints that function's callee tree
 */
import { profiledPage, withOneBrowser } from './one-browser';
import { EMBED_PAGE } from './root';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }

const level = Number(process.argv[2] ?? 1);
await withOneBrowser(level, false, async (setting) => {
  const { page, cdp } = await profiledPage(setting, 200);
  const { server } = setting;
  await cdp.send('Profiler.start');
  await page.goto(`${server.url}${EMBED_PAGE}`);
  await page.waitForFunction(() => performance.getEntriesByName('first-tile').length > 0, null, { timeout: 120_000, polling: 50 });
  // UNTIL=all: on until every layer is painted (the later layers' delivery and painting too).
  if (process.env.UNTIL === 'all') await page.waitForFunction(() => (globalThis as any).__bench?.state().allPainted != null, null, { timeout: 120_000, polling: 50 });
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  const tile = process.env.UNTIL === 'all'
    ? await page.evaluate(() => (globalThis as any).__bench.state().allPainted as number)
    : await page.evaluate(() => performance.getEntriesByName('first-tile')[0].startTime);
  summarise(profile, tile);
});

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
  // Inclusive time: a function's own samples and its callees', counted once per stack.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, number>();
  const keyOf = (id: number) => {
    const { functionName, url, lineNumber, columnNumber } = byId.get(id)!.callFrame;
    return `${functionName || '(anonymous)'} ${url.replace(/^https?:\/\/[^/]+\//, '') || '(native)'}:${lineNumber + 1}:${columnNumber + 1}`;
  };
  for (const [id, ms] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = keyOf(at);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  if (process.env.FOCUS) printTree(profile, self, process.env.FOCUS);
  console.log(`${process.env.UNTIL === 'all' ? 'all layers painted' : 'first tile'} at ${firstTile.toFixed(0)} ms (profile covers until it)`);
  for (const [file, ms] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${file}`);
  console.log('');
  for (const [fn, ms] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${fn}`);
  console.log('\ninclusive, convlens files:');
  const ours = [...inclusive].filter(([key]) => /convlens\.js|chunks\//.test(key) && !/^\(anonymous\)/.test(key));
  for (const [fn, ms] of ours.sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.INCLUSIVE ?? 40))) console.log(`${ms.toFixed(1).padStart(8)} ms  ${fn}`);
}

/** The callee tree under every function named `focus`, with inclusive times (FOCUS=name). */
function printTree(profile: Profile, self: Map<number, number>, focus: string): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const total = (id: number): number => (self.get(id) ?? 0) + (byId.get(id)!.children ?? []).reduce((sum, child) => sum + total(child), 0);
  const print = (id: number, depth: number) => {
    const ms = total(id);
    if (ms < 0.5 || depth > 8) return;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    console.log(`${'  '.repeat(depth)}${ms.toFixed(1)} ms ${functionName || '(anonymous)'} ${url.replace(/^https?:\/\/[^/]+\//, '')}:${lineNumber + 1} (self ${(self.get(id) ?? 0).toFixed(1)})`);
    for (const child of byId.get(id)!.children ?? []) print(child, depth + 1);
  };
  for (const node of profile.nodes) if (node.callFrame.functionName === focus) print(node.id, 0);
}

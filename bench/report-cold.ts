/**
 * The cold path in the printed report (issue 10): first tile against the browser floor
 * "module worker + WASM compile", the CPU each page's Chromium processes spent before it,
 * the long animation frames and what dominated them, and the targets these decide.
 */
import { COMPARED_FLOORS, CPU_FLOORS, DEMO_SCREEN_FLOOR, servedAs, WORKER_WASM_FLOOR } from './floor';
import { formatFrames, formatLongest } from './frames';
import { formatCpu } from './proc-cpu';
import type { LevelResult, PageSummary } from './report';
import { TARGET_GZIP_BYTES, TARGET_WORKER_GZIP_BYTES, type Sizes } from './size';

/** The issue's allowance over the floor for the demo page's first tile at ¼ core. */
export const FLOOR_ALLOWANCE_MS = 500;

const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v)} ms` : '–');
const kb = (v: number) => (Number.isFinite(v) ? `${(v / 1024).toFixed(1)} KB` : '–');
const signed = (v: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : '−'}${Math.round(Math.abs(v))} ms` : '–');

/** How the demo was served: `npm start` isolates it only where threads would run. */
const demoServed = (demo: PageSummary) => `npm start, ${demo.isolated ? 'COOP/COEP' : 'not isolated'}`;

/** The pages a level's report shows, in order: the demo first, since the target is on it. */
function pages(result: LevelResult): [string, PageSummary][] {
  return [
    [`demo (${demoServed(result.demo)})`, result.demo],
    ['embed', result.convlens],
    ['embed with COOP/COEP', result.convlensIsolated],
    ['baseline (cpu, main thread)', result.baseline],
  ];
}

export interface FloorComparison { firstTileMs: number; floorMs: number; overMs: number; met: boolean }

export function compareWithFloor(page: PageSummary, floor: Record<string, number>): FloorComparison {
  const floorMs = floor[WORKER_WASM_FLOOR] ?? NaN;
  const overMs = page.coldFirstTileMs - floorMs;
  return { firstTileMs: page.coldFirstTileMs, floorMs, overMs, met: overMs <= FLOOR_ALLOWANCE_MS };
}

export function formatColdPath(result: LevelResult): string {
  const floorMs = result.floor[WORKER_WASM_FLOOR];
  const list = pages(result);
  const width = Math.max(...list.map(([name]) => name.length));
  const lines = [`first tile (median) vs the browser floor "module worker + WASM compile" (${ms(floorMs)}), allowance +${FLOOR_ALLOWANCE_MS} ms:`];
  for (const [name, page] of list.slice(0, 3)) {
    const c = compareWithFloor(page, result.floor);
    lines.push(`  ${name.padEnd(width)}  ${ms(c.firstTileMs).padStart(8)} = floor ${signed(c.overMs)}  ${c.met ? 'within' : 'OVER'}`);
  }
  // The same floor under still copies of the first screens (and served as the demo is): what rendering them costs by itself.
  for (const name of COMPARED_FLOORS) {
    const screenMs = result.floor[name];
    if (screenMs !== undefined) lines.push(`  ${`floor ${name}`.padEnd(width)}  ${ms(screenMs).padStart(8)} = floor ${signed(screenMs - floorMs)}`);
  }
  const demoScreenFloor = servedAs(result.demo, DEMO_SCREEN_FLOOR);
  const demoScreen = result.floor[demoScreenFloor];
  if (demoScreen !== undefined) {
    lines.push(`  what the widget adds to the demo page's own first screen (demo − floor ${demoScreenFloor}): ${signed(result.demo.coldFirstTileMs - demoScreen)}`);
  }
  lines.push('CPU from navigation start to the first tile, all Chromium processes (/proc utime+stime, median):');
  for (const [name, page] of list) lines.push(`  ${name.padEnd(width)}  ${formatCpu(page.cpuBeforeFirstTile)}`);
  for (const floor of CPU_FLOORS) {
    if (floor in result.floorCpu) lines.push(`  ${`floor ${floor}`.padEnd(width)}  ${formatCpu(result.floorCpu[floor] ?? null)}`);
  }
  lines.push('long animation frames ≥ 50 ms (LoAF), each by its dominant cost: convlens script / other script / rendering (not in a listed script):');
  for (const [name, page] of list) {
    if (!page.loaf) {
      lines.push(`  ${name}: this browser reports no long-animation-frame entries`);
      continue;
    }
    lines.push(`  ${name}, cold: ${formatFrames(page.coldFrames)}`, `      ${formatLongest(page.coldFrames)}`);
    if (page.warmFrames.runs > 0) lines.push(`  ${name}, warm: ${formatFrames(page.warmFrames)}`, `      ${formatLongest(page.warmFrames)}`);
  }
  return lines.join('\n');
}

const verdict = (ok: boolean) => (ok ? 'MET   ' : 'MISSED');

/** Issue 10's targets: first tile vs floor (demo, ¼ core), convlens-dominated long frames, sizes. */
export function coldTargets(levels: LevelResult[], sizes: Sizes): string[] {
  const lines: string[] = [];
  const four = levels.find((l) => l.level === 4);
  if (four) {
    const demo = compareWithFloor(four.demo, four.floor);
    const embed = compareWithFloor(four.convlens, four.floor);
    lines.push(`${verdict(demo.met)} demo page (${demoServed(four.demo)}) first tile ≤ floor "${WORKER_WASM_FLOOR}" + 0.5 s at 4×: ` +
      `${ms(demo.firstTileMs)} vs ${ms(demo.floorMs)} (${signed(demo.overMs)}); embed ${ms(embed.firstTileMs)} (${signed(embed.overMs)}); ` +
      `CPU before the first tile: demo ${formatCpu(four.demo.cpuBeforeFirstTile)}, floor ${formatCpu(four.floorCpu[WORKER_WASM_FLOOR] ?? null)}`);
    // Not the issue's target, which is the plain floor: the floors served like the demo, to say where the rest goes.
    const like = four.floor[servedAs(four.demo, WORKER_WASM_FLOOR)];
    const screen = four.floor[servedAs(four.demo, DEMO_SCREEN_FLOOR)];
    if (like !== undefined && screen !== undefined) {
      lines.push(`       served like the demo${four.demo.isolated ? ' (COOP/COEP)' : ''}: floor "${WORKER_WASM_FLOOR}" ${ms(like)}, under a still copy of the demo page ${ms(screen)}; ` +
        `the demo is ${signed(four.demo.coldFirstTileMs - like)} over the first and ${signed(four.demo.coldFirstTileMs - screen)} over the second`);
    }
    const watched: [string, PageSummary][] = [['embed', four.convlens], ['embed COOP/COEP', four.convlensIsolated], ['demo', four.demo]];
    const loaf = watched.every(([, page]) => page.loaf);
    const worst = watched.map(([name, page]) => {
      const warm = page.warmFrames.runs > 0 ? `, warm ${page.warmFrames.convlensScriptMax}` : '';
      const longest = Math.max(page.coldFrames.longestConvlensMs, page.warmFrames.longestConvlensMs);
      return `${name} cold ${page.coldFrames.convlensScriptMax}${warm}${longest > 0 ? ` (longest ${ms(longest)})` : ''}`;
    });
    const zero = watched.every(([, page]) => page.coldFrames.convlensScriptMax === 0 && page.warmFrames.convlensScriptMax === 0);
    lines.push(`${loaf ? verdict(zero) : 'UNKNOWN'} zero long frames dominated by convlens' script at 4×, cold and warm (worst run): ${worst.join('; ')}`);
  }
  const workerGzip = sizes.worker.reduce((sum, f) => sum + f.gzip, 0);
  lines.push(`${verdict(workerGzip <= TARGET_WORKER_GZIP_BYTES)} worker JS ≤ ${kb(TARGET_WORKER_GZIP_BYTES)} gzip: ${kb(workerGzip)} (${sizes.worker.map((f) => f.file).join(' + ')})`);
  const first = levels[0];
  if (first) {
    const demo = first.demo.codeGzipBeforeFirstTile;
    const embed = first.convlens.codeGzipBeforeFirstTile;
    const isolated = first.convlensIsolated.codeGzipBeforeFirstTile;
    lines.push(`${verdict(demo.total <= TARGET_GZIP_BYTES && embed.total <= TARGET_GZIP_BYTES)} page + worker + WASM requested before the first tile ≤ ${kb(TARGET_GZIP_BYTES)} gzip: ` +
      `demo ${kb(demo.total)} (${demo.files.join(', ')}); embed ${kb(embed.total)} (${embed.files.join(', ')}); embed with COOP/COEP ${kb(isolated.total)}; ` +
      `from dist/ alone: ${Object.entries(sizes.totals).map(([binary, total]) => `${binary} ${kb(total)}`).join(', ')}`);
  }
  return lines;
}

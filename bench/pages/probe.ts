/**
 * Injected into every benchmark page before its own scripts (Playwright addInitScript):
 * records main-thread long tasks, the widget's events, and when tiles are painted. For
 * <conv-lens> it watches the shadow DOM's `section.layer[data-painted]` counter (the
 * number of tiles written to the layer's canvas); the baseline page reports its tiles
 * through `__bench.tile()` itself. Times are performance.now() (ms since navigation start).
 * Long animation frames (LoAF) are kept with their scripts, for bench/frames.ts to attribute;
 * the moment the first tile is painted it calls `__benchFirstTile()` when the benchmark has
 * exposed that binding, so Node reads the processes' CPU times from /proc right then.
 */
import type { FrameScript, LongFrame } from '../frames';

interface LongTask { start: number; duration: number }

interface Window_ {
  /** When the measurement window began (navigation start for a cold load). */
  start: number;
  firstTile: number | null;
  allPainted: number | null;
  /** Layer name → time its last tile was painted. */
  layerPainted: Record<string, number>;
  /** Layer name → time its first tile was painted. */
  layerFirstTile: Record<string, number>;
  /** Layer name → compute ms reported with the layer (worker time for convlens). */
  layerMs: Record<string, number>;
  /** Layer name → time the result reached the page. */
  layerArrived: Record<string, number>;
  done: number | null;
  errors: string[];
}

const longTasks: LongTask[] = [];
const longFrames: LongFrame[] = [];
let firstTileReported = false;
let expected: string[] = [];
const tileCounts = new Map<string, number>();
let current: Window_ = fresh(0);

function fresh(start: number): Window_ {
  return { start, firstTile: null, allPainted: null, layerPainted: {}, layerFirstTile: {}, layerMs: {}, layerArrived: {}, done: null, errors: [] };
}

try {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch {
  // No long task API: the figures will say 0, and the run prints the browser version.
}

/** The fields of a PerformanceScriptTiming the attribution needs (typed here: TypeScript's DOM lib has no LoAF yet). */
type ScriptTiming = FrameScript & PerformanceEntry;
type FrameTiming = PerformanceEntry & { blockingDuration: number; renderStart: number; styleAndLayoutStart: number; scripts: ScriptTiming[] };

try {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as FrameTiming[]) {
      if (entry.duration < 50) continue;
      longFrames.push({
        start: entry.startTime, duration: entry.duration, blockingDuration: entry.blockingDuration,
        renderStart: entry.renderStart, styleAndLayoutStart: entry.styleAndLayoutStart,
        scripts: entry.scripts.map((s) => ({
          sourceURL: s.sourceURL, invoker: s.invoker, invokerType: s.invokerType, duration: s.duration,
          forcedStyleAndLayoutDuration: s.forcedStyleAndLayoutDuration,
        })),
      });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
} catch {
  // No LoAF (Chromium < 123): the frame figures stay empty, and the report says 0 frames.
}

/** A tile counter changed: `painted` of `total` tiles of `layer` are on its canvas. */
function tile(layer: string, painted: number, total: number): void {
  if (painted <= 0) return;
  const now = performance.now();
  current.firstTile ??= now;
  if (!firstTileReported) {
    firstTileReported = true;
    performance.mark('first-tile');
    (globalThis as { __benchFirstTile?: () => unknown }).__benchFirstTile?.();
  }
  current.layerFirstTile[layer] ??= now;
  if (painted < total || current.layerPainted[layer] !== undefined) return;
  current.layerPainted[layer] = now;
  if (expected.length > 0 && expected.every((name) => current.layerPainted[name] !== undefined)) current.allPainted ??= now;
}

function watch(host: Element): void {
  const root = host.shadowRoot;
  if (!root || (host as Element & { __benchWatched?: boolean }).__benchWatched) return;
  (host as Element & { __benchWatched?: boolean }).__benchWatched = true;
  new MutationObserver((records) => {
    for (const record of records) {
      const section = record.target as HTMLElement;
      const layer = section.dataset.layer;
      if (!layer) continue;
      let total = tileCounts.get(layer);
      if (total === undefined) {
        total = section.querySelectorAll('.tile').length;
        tileCounts.set(layer, total);
      }
      tile(layer, Number(section.dataset.painted ?? 0), total);
    }
  }).observe(root, { attributes: true, subtree: true, attributeFilter: ['data-painted'] });
}

addEventListener('convlens:ready', (event) => {
  expected = (event as CustomEvent<{ layers: string[] }>).detail.layers;
  watch(event.target as Element);
}, true);
addEventListener('convlens:layer', (event) => {
  const { name, ms } = (event as CustomEvent<{ name: string; ms: number }>).detail;
  current.layerMs[name] = ms;
  current.layerArrived[name] = performance.now();
}, true);
addEventListener('convlens:done', () => {
  current.done = performance.now();
}, true);
addEventListener('convlens:error', (event) => {
  current.errors.push((event as CustomEvent<{ message: string }>).detail.message);
}, true);
addEventListener('error', (event) => current.errors.push(String((event as ErrorEvent).message)));
addEventListener('unhandledrejection', (event) => current.errors.push(String((event as PromiseRejectionEvent).reason)));

const bench = {
  /** Starts a new measurement window now (a warm run); returns its start time. */
  begin(): number {
    current = fresh(performance.now());
    return current.start;
  },
  /** The layers whose last tile ends the window (the baseline says so itself). */
  expect(layers: string[]): void {
    expected = layers;
  },
  tile,
  layer(name: string, ms: number): void {
    current.layerMs[name] = ms;
    current.layerArrived[name] = performance.now();
  },
  /** What the benchmark polls for while it waits: cheap (no canvas, no copies of the entry lists). */
  state(): { errors: string[]; firstTile: number | null; allPainted: number | null; done: number | null; progress: string } {
    const { errors, firstTile, allPainted, done, layerArrived, layerPainted } = current;
    return { errors, firstTile, allPainted, done, progress: `${Object.keys(layerArrived).length}/${Object.keys(layerPainted).length}` };
  },
  /** The current window and the long tasks that started inside it (until now). */
  snapshot(): Window_ & { longTasks: LongTask[]; longFrames: LongFrame[]; loaf: boolean; expected: string[]; webgl: boolean } {
    const canvas = document.createElement('canvas');
    const webgl = Boolean(canvas.getContext('webgl') ?? canvas.getContext('webgl2'));
    const inside = longTasks.filter((task) => task.start >= current.start);
    const frames = longFrames.filter((frame) => frame.start >= current.start);
    const loaf = PerformanceObserver.supportedEntryTypes.includes('long-animation-frame');
    return { ...current, longTasks: inside, longFrames: frames, loaf, expected, webgl };
  },
};

Object.assign(globalThis, { __bench: bench });

/**
 * Long Animation Frames (the LoAF API, `long-animation-frame` entries): who made a frame of
 * 50 ms or more long. The probe (bench/pages/probe.ts) records each long frame with the
 * scripts the browser attributes to it (only scripts of 5 ms or more are listed); this file
 * classifies a frame by its dominant cost and sums a run's frames. Pure functions: tested
 * in test/bench-frames.test.ts.
 */

/** One script of a long frame, as the probe copies it from PerformanceScriptTiming. */
export interface FrameScript {
  sourceURL: string;
  /** E.g. `Worker.onmessage`, `DedicatedWorkerGlobalScope...`, `https://…/convlens.js`. */
  invoker: string;
  /** `classic-script`, `module-script`, `event-listener`, `user-callback`, `resolve-promise`, `reject-promise`. */
  invokerType: string;
  duration: number;
  forcedStyleAndLayoutDuration: number;
}

/** One long animation frame (times in ms since navigation start). */
export interface LongFrame {
  start: number;
  duration: number;
  blockingDuration: number;
  /** Start of the frame's rendering update (0: the frame did not render). */
  renderStart: number;
  /** Start of its style and layout (0: none). */
  styleAndLayoutStart: number;
  scripts: FrameScript[];
}

export type FrameCause = 'convlens script' | 'other script' | 'rendering';

export interface FrameCosts {
  /** Script time in convlens.js (its own code and handlers it installed, worker messages included). */
  convlensScriptMs: number;
  /** Script time in any other script (the page's, inline scripts, the bench's probe). */
  otherScriptMs: number;
  /** Style and layout forced inside scripts (part of the script times above). */
  forcedStyleAndLayoutMs: number;
  /** The frame's time not spent in a listed script: style, layout, paint, parsing, scripts under 5 ms. */
  renderingMs: number;
  /** From the start of style and layout to the frame's end (0 when it did not render). */
  styleAndLayoutMs: number;
  cause: FrameCause;
}

/** The file name a script URL points to, without query or hash. */
function fileOf(url: string): string {
  const path = url.split(/[?#]/)[0];
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * A script is convlens' own when its source (or, without a source, its invoker) is convlens.js
 * or one of the chunks it loads (`chunks/*.js` beside it: the paint scheduler, the instruments…).
 */
export function isConvlensScript(script: FrameScript, file = 'convlens.js'): boolean {
  const ours = (url: string) => fileOf(url) === file || /\/chunks\/[^/]+\.js(?:[?#].*)?$/.test(url);
  if (script.sourceURL) return ours(script.sourceURL);
  return script.invoker.split(/\s+/).some(ours);
}

export function frameCosts(frame: LongFrame): FrameCosts {
  let convlensScriptMs = 0;
  let otherScriptMs = 0;
  let forcedStyleAndLayoutMs = 0;
  for (const script of frame.scripts) {
    if (isConvlensScript(script)) convlensScriptMs += script.duration;
    else otherScriptMs += script.duration;
    forcedStyleAndLayoutMs += script.forcedStyleAndLayoutDuration;
  }
  const renderingMs = Math.max(0, frame.duration - convlensScriptMs - otherScriptMs);
  const end = frame.start + frame.duration;
  const styleAndLayoutMs = frame.styleAndLayoutStart > 0 ? Math.max(0, end - frame.styleAndLayoutStart) : 0;
  // Ties go to the browser: only a script that really dominates is blamed.
  const cause: FrameCause = convlensScriptMs > Math.max(otherScriptMs, renderingMs) ? 'convlens script'
    : otherScriptMs > renderingMs ? 'other script' : 'rendering';
  return { convlensScriptMs, otherScriptMs, forcedStyleAndLayoutMs, renderingMs, styleAndLayoutMs, cause };
}

export interface FrameFigure {
  /** Long frames (≥ 50 ms) in the window. */
  count: number;
  /** Of those, how many are dominated by each cost. */
  byCause: Record<FrameCause, number>;
  longestMs: number;
  /** The longest frame dominated by convlens' script (0: none). */
  longestConvlensMs: number;
  /** Summed over the window's long frames. */
  convlensScriptMs: number;
  otherScriptMs: number;
  renderingMs: number;
  /** The longest frame's costs and its three longest scripts, to read what it was. */
  longest: (FrameCosts & { duration: number; scripts: string[] }) | null;
}

/** Short text for a script: where it came from and how long it ran. */
export function describeScript(script: FrameScript): string {
  const where = script.sourceURL ? fileOf(script.sourceURL) : '?';
  const forced = script.forcedStyleAndLayoutDuration >= 1 ? `, ${Math.round(script.forcedStyleAndLayoutDuration)} forced layout` : '';
  return `${where} ${script.invokerType} ${script.invoker.slice(0, 60)} ${Math.round(script.duration)} ms${forced}`;
}

/** Long frames that started inside [from, to], summed and classified. */
export function framesIn(frames: LongFrame[], from: number, to: number): FrameFigure {
  const inside = frames.filter((frame) => frame.duration >= 50 && frame.start >= from && frame.start <= to);
  const byCause: Record<FrameCause, number> = { 'convlens script': 0, 'other script': 0, rendering: 0 };
  const figure: FrameFigure = { count: inside.length, byCause, longestMs: 0, longestConvlensMs: 0, convlensScriptMs: 0, otherScriptMs: 0, renderingMs: 0, longest: null };
  for (const frame of inside) {
    const costs = frameCosts(frame);
    byCause[costs.cause]++;
    figure.convlensScriptMs += costs.convlensScriptMs;
    figure.otherScriptMs += costs.otherScriptMs;
    figure.renderingMs += costs.renderingMs;
    if (costs.cause === 'convlens script') figure.longestConvlensMs = Math.max(figure.longestConvlensMs, frame.duration);
    if (frame.duration > figure.longestMs) {
      figure.longestMs = frame.duration;
      const scripts = [...frame.scripts].sort((a, b) => b.duration - a.duration).slice(0, 3).map(describeScript);
      figure.longest = { ...costs, duration: frame.duration, scripts };
    }
  }
  return figure;
}

/** Over several runs: the worst run's count of convlens-dominated frames, and the longest of them. */
export interface FrameSummary {
  runs: number;
  /** Medians over runs. */
  count: number;
  rendering: number;
  otherScript: number;
  convlensScript: number;
  /** The largest number of convlens-dominated long frames in any run (the target: 0). */
  convlensScriptMax: number;
  longestConvlensMs: number;
  longestMs: number;
  /** The longest frame of all runs, described. */
  longest: FrameFigure['longest'];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export function summariseFrames(figures: FrameFigure[]): FrameSummary {
  const worst = figures.reduce<FrameFigure | null>((best, f) => (!best || f.longestMs > best.longestMs ? f : best), null);
  return {
    runs: figures.length,
    count: median(figures.map((f) => f.count)),
    rendering: median(figures.map((f) => f.byCause.rendering)),
    otherScript: median(figures.map((f) => f.byCause['other script'])),
    convlensScript: median(figures.map((f) => f.byCause['convlens script'])),
    convlensScriptMax: Math.max(0, ...figures.map((f) => f.byCause['convlens script'])),
    longestConvlensMs: Math.max(0, ...figures.map((f) => f.longestConvlensMs)),
    longestMs: Math.max(0, ...figures.map((f) => f.longestMs)),
    longest: worst?.longest ?? null,
  };
}

/** One line: "4 long frames (median): rendering 3, other script 1, convlens 0 (worst run 0); longest 120 ms". */
export function formatFrames(s: FrameSummary): string {
  if (s.runs === 0) return '–';
  const convlens = s.convlensScriptMax > 0 ? `, longest convlens-dominated ${Math.round(s.longestConvlensMs)} ms` : '';
  return `${s.count} long frames (median): rendering ${s.rendering}, other script ${s.otherScript}, convlens script ${s.convlensScript} ` +
    `(worst run ${s.convlensScriptMax}${convlens}); longest frame ${Math.round(s.longestMs)} ms`;
}

/** The longest frame's breakdown, for the reader who wants to know what it was. */
export function formatLongest(s: FrameSummary): string {
  const l = s.longest;
  if (!l) return 'no long frames';
  return `longest ${Math.round(l.duration)} ms = convlens script ${Math.round(l.convlensScriptMs)} + other script ${Math.round(l.otherScriptMs)} + ` +
    `not in a listed script ${Math.round(l.renderingMs)} (style+layout→end ${Math.round(l.styleAndLayoutMs)}, forced layout in scripts ${Math.round(l.forcedStyleAndLayoutMs)}) ms` +
    (l.scripts.length > 0 ? `; scripts: ${l.scripts.join(' | ')}` : '');
}

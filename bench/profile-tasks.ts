/**
 * The page main thread's long tasks over one cold load of the embed page, until every layer
 * is painted, each with what ran in it: a Chromium trace gives the tasks (RunTask) and what
 * the browser did in them (script, style, layout, paint), a V8 CPU profile taken at the same
 * time gives the functions (self time of the samples inside the task). For finding which of
 * the widget's tasks become long frames under the quota: at 1× a task of a few ms of CPU is
 * one that lasts several quota periods at ¼ core, and the trace's thread time says how much of
 * a task's wall time was its own CPU.
 *
 *   tsx bench/profile-tasks.ts [level]     level 1 (default) or 4
 *   env: TASK_MS=n lists tasks of n ms or more (default 3); TOP=n functions per task (default 5)
 *
 * Build with `CONVLENS_UNMINIFIED=1 node build.mjs` for function names.
 */
import { profiledPage, withOneBrowser } from './one-browser';
import { EMBED_PAGE } from './root';

/** `tdur`: the thread's CPU time in the event (µs), where the trace records it; `dur` is wall time. */
interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; cat: string; args?: Record<string, any> }
interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }

const level = Number(process.argv[2] ?? 1);
const TASK_MS = Number(process.env.TASK_MS ?? 3);
const TOP = Number(process.env.TOP ?? 5);

/** Outermost events naming what a task ran. */
const ENTRIES = new Set(['FireAnimationFrame', 'EventDispatch', 'TimerFire', 'FunctionCall', 'EvaluateScript', 'v8.evaluateModule', 'ParseHTML', 'HandlePostMessage', 'RunMicrotasks']);

/** Trace events by what they cost (nested ones are counted in their own kind and in their parent's). */
const KINDS: Record<string, string> = {
  FunctionCall: 'script', EvaluateScript: 'script', 'v8.evaluateModule': 'script', 'v8.compile': 'compile', 'v8.compileModule': 'compile',
  UpdateLayoutTree: 'style', Layout: 'layout', Paint: 'paint', PrePaint: 'prepaint', Layerize: 'layerize', Commit: 'commit',
  ParseHTML: 'parse HTML', ParseAuthorStyleSheet: 'parse CSS', MinorGC: 'GC', MajorGC: 'GC', 'Decode Image': 'decode',
};

function report(events: TraceEvent[], profile: Profile): void {
  const mark = events.find((e) => e.cat.includes('user_timing') && e.name === 'first-tile');
  if (!mark) throw new Error('no first-tile mark in the trace');
  const main = (e: TraceEvent) => e.pid === mark.pid && e.tid === mark.tid;
  const start = events.filter((e) => e.name === 'ResourceSendRequest').map((e) => e.ts).sort((a, b) => a - b)[0] ?? 0;
  const tasks = events.filter((e) => main(e) && e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && (e.dur ?? 0) >= TASK_MS * 1000);
  const inside = events.filter((e) => main(e) && e.ph === 'X' && e.dur);
  // Each sample's leaf function, with its time.
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  let t = profile.startTime;
  const samples = profile.samples.map((id, i) => ((t += profile.timeDeltas[i]), { ts: t, node: byId.get(id)! }));
  console.log(`cold load of ${EMBED_PAGE} at ${level}×: main-thread tasks ≥ ${TASK_MS} ms (ms since the first request), first tile at ${((mark.ts - start) / 1000).toFixed(0)} ms`);
  for (const task of tasks.sort((a, b) => a.ts - b.ts)) {
    const end = task.ts + task.dur!;
    const kinds = new Map<string, number>();
    for (const e of inside) {
      if (e === task || e.ts < task.ts || e.ts >= end) continue;
      const kind = KINDS[e.name];
      if (kind) kinds.set(kind, (kinds.get(kind) ?? 0) + e.dur! / 1000);
    }
    const functions = new Map<string, number>();
    for (const s of samples) {
      if (s.ts < task.ts || s.ts >= end) continue;
      const { functionName, url, lineNumber } = s.node.callFrame;
      const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
      functions.set(key, (functions.get(key) ?? 0) + 0.1);
    }
    const entry = inside.find((e) => e !== task && e.ts >= task.ts && e.ts < end && ENTRIES.has(e.name));
    const what = entry ? `${entry.name} ${entry.args?.data?.type ?? entry.args?.data?.functionName ?? ''} ${(entry.args?.data?.url ?? '').split('/').pop()}` : '';
    // Under a CPU quota the wall time is mostly the quota's pauses: the CPU time says what the task itself cost.
    const cpu = task.tdur !== undefined ? ` (CPU ${(task.tdur / 1000).toFixed(1)} ms)` : '';
    console.log(`${((task.ts - start) / 1000).toFixed(0).padStart(6)} ms +${(task.dur! / 1000).toFixed(1).padStart(5)} ms${cpu}  ${what.trim()}`);
    console.log(`      ${[...kinds].sort((a, b) => b[1] - a[1]).map(([k, ms]) => `${k} ${ms.toFixed(1)}`).join(' · ')}`);
    const top = [...functions].filter(([key]) => !key.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, TOP);
    if (top.length) console.log(`      ${top.map(([key, ms]) => `${key} ${ms.toFixed(1)}`).join(' · ')}`);
  }
  // The long ones (≥ 50 ms of wall time) against their own CPU: under a quota, mostly pauses.
  const long = tasks.filter((task) => task.dur! >= 50_000 && task.tdur !== undefined);
  // The CPU of the widget's own script in a task: its calls into convlens.js or a chunk (script entries the trace names by URL).
  const widgetScriptCpu = (task: TraceEvent) => inside
    .filter((e) => e.ts >= task.ts && e.ts < task.ts + task.dur! && SCRIPT_ENTRIES.has(e.name) && /convlens\.js|\/chunks\//.test(e.args?.data?.url ?? ''))
    .reduce((sum, e) => sum + (e.tdur ?? 0) / 1000, 0);
  const ours = long.filter((task) => widgetScriptCpu(task) > 0);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  if (long.length) console.log(`tasks ≥ 50 ms: ${long.length}; wall median ${ms(median(long.map((t) => t.dur! / 1000)))}, CPU median ${ms(median(long.map((t) => t.tdur! / 1000)))}`);
  if (ours.length) {
    const script = ours.map(widgetScriptCpu);
    console.log(`  of them running the widget's script: ${ours.length}; wall median ${ms(median(ours.map((t) => t.dur! / 1000)))}, CPU median ${ms(median(ours.map((t) => t.tdur! / 1000)))}, ` +
      `of it the widget's script ${ms(median(script))} (max ${ms(Math.max(...script))})`);
  }
}

/** Trace events that are a call into a script (with its URL). */
const SCRIPT_ENTRIES = new Set(['FunctionCall', 'EvaluateScript', 'v8.evaluateModule']);

await withOneBrowser(level, false, async (setting) => {
  const { server, browser } = setting;
  const { page, cdp } = await profiledPage(setting, 100);
  await browser.startTracing(page, { categories: ['devtools.timeline', 'toplevel', 'blink.user_timing'] });
  await cdp.send('Profiler.start');
  await page.goto(`${server.url}${EMBED_PAGE}`);
  await page.waitForFunction(() => (globalThis as any).__bench?.state().allPainted != null, null, { timeout: 120_000 * level, polling: 200 });
  await page.waitForTimeout(300);
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  report(trace.traceEvents, profile);
});

/**
 * Where the page's main thread spends its time before the first tile, from a Chromium
 * trace of one cold load of the embed page: top-level task time by kind (script per URL,
 * style, layout, paint, parsing, messages), at full speed or under a cgroup quota.
 * For deciding what to cut on the cold path; the benchmark (npm run bench) gives the figures.
 *
 *   tsx bench/profile-cold.ts [level] [page]     level 1 (default) or 4; page: embed | demo
 *   env: ALL_THREADS=1 every thread, not only the page's; TOP=n its n longest tasks;
 *        TRACE_OUT=file.json keeps the raw trace
 */
import { writeFile } from 'node:fs/promises';
import { withOneBrowser } from './one-browser';
import { DEMO_PAGE, EMBED_PAGE } from './root';
import { VIEWPORT } from './scenarios';

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; cat: string; args?: Record<string, any> }

const level = Number(process.argv[2] ?? 1);
const pagePath = process.argv[3] === 'demo' ? DEMO_PAGE : EMBED_PAGE;
await withOneBrowser(level, pagePath === DEMO_PAGE ? 'auto' : false, async ({ root, server, browser }) => {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript({ content: root.probe });
  const page = await context.newPage();
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', ...(process.env.TRACE_CATEGORIES?.split(',') ?? [])] });
  await page.goto(`${server.url}${pagePath}`);
  await page.waitForFunction(() => (globalThis as any).__bench?.current?.firstTile != null || document.querySelector('conv-lens')?.shadowRoot?.querySelector('[data-painted]:not([data-painted="0"])'), null, { timeout: 120_000, polling: 50 });
  await page.waitForTimeout(300);
  const raw = await browser.stopTracing();
  if (process.env.TRACE_OUT) await writeFile(process.env.TRACE_OUT, raw);
  const trace = JSON.parse(raw.toString()) as { traceEvents: TraceEvent[] };
  report(trace.traceEvents);
});

function report(events: TraceEvent[]): void {
  const names = new Map<string, string>();
  for (const e of events) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name);
  const nav = events.find((e) => e.name === 'navigationStart' || e.name === 'NavigationStartToBeginCommit' || e.name === 'markAsMainFrame');
  // The page's main thread: the one the probe's first-tile mark came from (a demo load also
  // has an about:blank renderer that parsed HTML), else the renderer main that parsed HTML.
  const mark = events.find((e) => e.cat.includes('user_timing') && e.name === 'first-tile');
  const mainKey = (mark && names.get(`${mark.pid}:${mark.tid}`) === 'CrRendererMain' ? `${mark.pid}:${mark.tid}` : undefined)
    ?? [...names].find(([key, name]) => name === 'CrRendererMain' && events.some((e) => `${e.pid}:${e.tid}` === key && e.name === 'ParseHTML'))?.[0];
  const start = events.filter((e) => e.name === 'ResourceSendRequest').map((e) => e.ts).sort((a, b) => a - b)[0] ?? nav?.ts ?? 0;
  const paintedAt = firstTile(events, mainKey) ?? Infinity;
  const byThread = new Map<string, Map<string, number>>();
  const threads = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur || e.ts < start || e.ts > paintedAt) continue;
    const thread = names.get(`${e.pid}:${e.tid}`) ?? '';
    if (!process.env.ALL_THREADS && !(thread === 'CrRendererMain' || thread.startsWith('DedicatedWorker'))) continue;
    const key = `${thread} ${e.pid}:${e.tid}${`${e.pid}:${e.tid}` === mainKey ? ' (page)' : ''}`;
    threads.set(key, [...(threads.get(key) ?? []), e]);
  }
  for (const [key, list] of threads) byThread.set(key, selfTimes(list));
  if (process.env.TOP) {
    const main = [...threads].find(([key]) => key.endsWith('(page)'))?.[1] ?? [];
    const top = main.filter((e) => kindOf(e) || e.name === 'RunTask').sort((a, b) => b.dur! - a.dur!).slice(0, Number(process.env.TOP));
    for (const e of top.sort((a, b) => a.ts - b.ts)) {
      const d = e.args?.data ?? e.args?.beginData ?? {};
      console.log(`${((e.ts - start) / 1000).toFixed(0).padStart(6)} ms +${(e.dur! / 1000).toFixed(1).padStart(6)}  ${e.name} ${shortUrl(d.url ?? '')}:${d.lineNumber ?? ''} ${d.functionName ?? ''} ${d.type ?? ''} ${d.dirtyObjects ?? ''}/${d.totalObjects ?? ''}`);
    }
  }
  console.log(`level ${level}, ${pagePath}: first tile ${paintedAt === Infinity ? '?' : ((paintedAt - start) / 1000).toFixed(0)} ms after the first request`);
  for (const [thread, map] of byThread) {
    const rows = [...map].sort((a, b) => b[1] - a[1]);
    console.log(`\n${thread}: ${rows.reduce((s, [, v]) => s + v, 0).toFixed(0)} ms in the kinds below`);
    for (const [kind, ms] of rows.slice(0, 25)) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${kind}`);
  }
}

/** Self time (own duration minus nested events') of each event, by the kind of it or its nearest kind-bearing ancestor. */
function selfTimes(list: TraceEvent[]): Map<string, number> {
  list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const out = new Map<string, number>();
  const stack: { end: number; kind: string; self: number }[] = [];
  const close = (until: number) => {
    while (stack.length && stack[stack.length - 1].end <= until) {
      const done = stack.pop()!;
      out.set(done.kind, (out.get(done.kind) ?? 0) + done.self / 1000);
    }
  };
  for (const e of list) {
    close(e.ts);
    const parent = stack[stack.length - 1];
    if (parent) parent.self -= e.dur!;
    stack.push({ end: e.ts + e.dur!, kind: kindOf(e) ?? parent?.kind ?? `other (${e.name})`, self: e.dur! });
  }
  close(Infinity);
  return out;
}

/** Time of the first trace event after which a painted-tile canvas exists: the probe's user timing mark. */
function firstTile(events: TraceEvent[], mainKey: string | undefined): number | null {
  const mark = events.find((e) => e.cat.includes('user_timing') && e.name === 'first-tile');
  return mark?.ts ?? null;
}

/** Leaf-ish kinds: script by file, the rendering steps by name; container events (RunTask) skipped. */
function kindOf(e: TraceEvent): string | null {
  switch (e.name) {
    case 'EvaluateScript': case 'v8.compile': case 'v8.compileModule': case 'v8.evaluateModule': case 'FunctionCall': case 'v8.produceModuleCache': case 'TimerFire': case 'FireAnimationFrame': case 'EventDispatch': case 'HandlePostMessage': case 'RunMicrotasks': case 'V8.GCScavenger': case 'MajorGC': case 'MinorGC': case 'V8.GC_MC_BACKGROUND_MARKING':
      return `${e.name} ${shortUrl(e.args?.data?.url ?? e.args?.data?.fileName ?? e.args?.fileName ?? e.args?.data?.type ?? '')}`;
    case 'UpdateLayoutTree': case 'Layout': case 'Paint': case 'PrePaint': case 'Layerize': case 'ParseHTML': case 'ParseAuthorStyleSheet': case 'Commit': case 'UpdateLayer': case 'HitTest': case 'ScheduleStyleRecalculation': case 'Decode Image': case 'ImageDecodeTask': case 'IntersectionObserverController::computeIntersections': case 'ResizeObserverController::deliverObservations':
      return e.name;
    default:
      return null;
  }
}

function shortUrl(url: string): string {
  return url.replace(/^https?:\/\/[^/]+\//, '');
}

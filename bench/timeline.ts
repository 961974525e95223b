/**
 * One cold load of the embed page, as a timeline: every request (when it started, how long
 * until its last byte), the widget's ready event, each layer's arrival with its worker time,
 * the first tile, all tiles, every main-thread long task and long animation frame (with what
 * dominated it, bench/frames.ts), in ms since navigation start.
 * For finding what stands between a page load and the first tile.
 *
 *   tsx bench/timeline.ts [level]     level: 1 (default), 4 (¼ core) or 6 (⅙ core)
 *
 * Run `node build.mjs` first. For a request, "+N ms" is start → last byte; for the worker
 * script and its chunks this includes the worker compiling them as they stream in.
 */
import { frameCosts, type LongFrame } from './frames';
import { withOneBrowser } from './one-browser';
import { EMBED_PAGE } from './root';
import { VIEWPORT } from './scenarios';

const level = Number(process.argv[2] ?? 1);
await withOneBrowser(level, false, async ({ root, server, browser, throttle }) => {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript({ content: root.probe });
  await context.addInitScript({ content: "addEventListener('convlens:ready', () => (globalThis.__ready = performance.now()), true);" });
  const requests: { path: string; start: number; end: number }[] = [];
  context.on('requestfinished', (request) => {
    const timing = request.timing();
    requests.push({ path: new URL(request.url()).pathname, start: timing.startTime, end: timing.responseEnd });
  });
  const page = await context.newPage();
  await throttle.applyToPage(page, level);
  await page.goto(server.url + EMBED_PAGE);
  await page.waitForFunction(() => (globalThis as any).__bench.snapshot().allPainted !== null, undefined, { timeout: 120_000 * level });
  await page.waitForTimeout(300);
  const s = await page.evaluate(() => ({ ...(globalThis as any).__bench.snapshot(), origin: performance.timeOrigin, ready: (globalThis as any).__ready }));
  const lines: [number, string][] = requests.map((r) => [r.start - s.origin, `request ${r.path} (+${Math.round(r.end)} ms to last byte)`]);
  lines.push([s.ready, 'convlens:ready (backend up, model summary in)'], [s.firstTile, 'FIRST TILE'], [s.allPainted, 'all six layers painted']);
  for (const [name, at] of Object.entries(s.layerArrived as Record<string, number>)) lines.push([at, `layer ${name} reached the page (worker ${s.layerMs[name].toFixed(1)} ms)`]);
  for (const task of s.longTasks as { start: number; duration: number }[]) lines.push([task.start, `  long task ${Math.round(task.duration)} ms`]);
  for (const frame of s.longFrames as LongFrame[]) {
    const c = frameCosts(frame);
    lines.push([frame.start, `  long frame ${Math.round(frame.duration)} ms, ${c.cause} (convlens ${Math.round(c.convlensScriptMs)}, other script ${Math.round(c.otherScriptMs)}, rest ${Math.round(c.renderingMs)} ms)`]);
    // Which callbacks ran in it (the invoker says what: a message, an idle callback, a frame callback…).
    const scripts = frame.scripts.filter((script) => script.duration >= 5).map((script) => `${script.invoker} ${Math.round(script.duration)} ms`);
    if (scripts.length > 0) lines.push([frame.start, `    scripts: ${scripts.join('; ')}`]);
  }
  lines.sort((a, b) => a[0] - b[0]);
  console.log(`cold load of ${EMBED_PAGE} at ${level}× (${throttle.method})`);
  console.log(lines.map(([t, line]) => `${Math.round(t).toString().padStart(7)} ms  ${line}`).join('\n'));
});

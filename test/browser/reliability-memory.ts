/**
 * Measures what many runs in one page leave behind: tensors in the worker (its memory()),
 * and the JavaScript heaps of the page and of the worker after a forced garbage collection
 * (Chrome DevTools Protocol). Used by reliability-leaks.test.ts (a few dozen runs) and by
 * test/measure-leaks.ts (1,000 runs, for the README).
 */
import type { CDPSession, Page } from 'playwright-core';
import type { Rig } from './reliability-harness';

export interface MemoryFigures {
  runs: number;
  /** [before, after] */
  tensors: [number, number];
  tensorBytes: [number, number];
  pageHeap: [number, number];
  workerHeap: [number, number];
  seconds: number;
}

/** A DevTools session on the page's worker, spoken to through the page's session. */
async function workerSession(page: CDPSession): Promise<(method: string) => Promise<any>> {
  const { targetInfos } = await page.send('Target.getTargets');
  const worker = targetInfos.find((target) => target.type === 'worker');
  if (!worker) throw new Error('no worker to measure');
  const { sessionId } = await page.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
  const waiting = new Map<number, (result: unknown) => void>();
  page.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message);
    waiting.get(message.id)?.(message.result);
  });
  let id = 0;
  return (method) => new Promise((resolve) => {
    waiting.set(++id, resolve);
    void page.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
  });
}

/** Heaps (bytes used after a full collection) and tensors now. */
async function snapshot(page: Page, cdp: CDPSession, worker: (method: string) => Promise<any>) {
  // The test instrumentation's own record of widget events would count as growth.
  await page.evaluate(() => ((globalThis as any).events.length = 0));
  // Twice, with a pause: objects kept only by a FinalizationRegistry (Comlink's proxies) go in the second.
  for (let pass = 0; pass < 2; pass++) {
    await cdp.send('HeapProfiler.collectGarbage');
    await worker('HeapProfiler.collectGarbage');
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  const pageHeap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  const workerHeap = (await worker('Runtime.getHeapUsage')).usedSize as number;
  const memory = await page.evaluate(() => (customElements.get('conv-lens') as any).memory());
  return { pageHeap, workerHeap, tensors: memory.numTensors as number, bytes: memory.numBytes as number };
}

/** Runs `runs` images (the files at the URLs `images`, in turn) through the page's widget with el.run() after a warm-up, and measures. */
export async function measureRuns(rig: Rig, page: Page, runs: number, images: string[]): Promise<MemoryFigures> {
  // Files, fetched once: a URL would be fetched on every run, and DevTools keeps a record of each request.
  await page.evaluate(async (images) => {
    (globalThis as any).files = await Promise.all(images.map(async (url) => new File([await (await fetch(url)).blob()], url.split('/').pop()!)));
  }, images);
  const runAll = (count: number) => page.evaluate(async (count) => {
    const el = document.querySelector('conv-lens') as any;
    const files = (globalThis as any).files as File[];
    for (let i = 0; i < count; i++) await el.run(files[i % files.length]);
  }, count);
  await runAll(images.length * 2);
  const cdp = await rig.context.newCDPSession(page);
  const worker = await workerSession(cdp);
  const before = await snapshot(page, cdp, worker);
  const started = Date.now();
  await runAll(runs);
  const seconds = (Date.now() - started) / 1000;
  const after = await snapshot(page, cdp, worker);
  await cdp.detach();
  return {
    runs, seconds, tensors: [before.tensors, after.tensors], tensorBytes: [before.bytes, after.bytes],
    pageHeap: [before.pageHeap, after.pageHeap], workerHeap: [before.workerHeap, after.workerHeap],
  };
}

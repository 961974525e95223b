/**
 * Shared by the reliability and corpus tests: a server and Chromium with every page
 * instrumented (widget events, workers started and terminated, live IntersectionObservers,
 * listeners on window and document), pages holding given widgets, and helpers that read
 * what a widget shows.
 */
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { startServer } from '../../serve.mjs';
import { launchChromium, type LaunchedBrowser } from './chromium';

export type Server = Awaited<ReturnType<typeof startServer>>;

export interface Rig {
  server: Server;
  /** The same files from a host that allows no cross-origin use (no CORS), for refusals. */
  plain: Server;
  browser: LaunchedBrowser;
  context: BrowserContext;
}

/**
 * Page-side instrumentation, installed before any script of every page: widget events,
 * workers started/terminated, live IntersectionObservers, window/document listeners.
 */
export function instrument(): void {
  const g = globalThis as any;
  g.workers = { started: 0, terminated: 0 };
  /** Calls of the worker's API by name (Comlink's APPLY messages), e.g. workerCalls.run. */
  g.workerCalls = {};
  g.observers = 0;
  g.pageListeners = 0;
  g.events = [];
  const OriginalWorker = Worker;
  g.Worker = class extends OriginalWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      g.workers.started++;
    }
    terminate() {
      g.workers.terminated++;
      super.terminate();
    }
    postMessage(message: any, ...rest: any[]) {
      const name = message?.type === 'APPLY' && Array.isArray(message.path) ? message.path.join('.') : null;
      if (name) g.workerCalls[name] = (g.workerCalls[name] ?? 0) + 1;
      (super.postMessage as (...args: unknown[]) => void)(message, ...rest);
    }
  };
  const OriginalObserver = IntersectionObserver;
  g.IntersectionObserver = class extends OriginalObserver {
    private live = true;
    constructor(callback: IntersectionObserverCallback, options?: IntersectionObserverInit) {
      super(callback, options);
      g.observers++;
    }
    disconnect() {
      if (this.live) g.observers--;
      this.live = false;
      super.disconnect();
    }
  };
  for (const target of [window, document] as EventTarget[]) {
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    target.addEventListener = (...args: Parameters<EventTarget['addEventListener']>) => (g.pageListeners++, add(...args));
    target.removeEventListener = (...args: Parameters<EventTarget['removeEventListener']>) => (g.pageListeners--, remove(...args));
  }
  for (const type of ['convlens:ready', 'convlens:layer', 'convlens:done', 'convlens:error']) {
    document.addEventListener(type, (event) => g.events.push({ type, detail: (event as CustomEvent).detail, id: (event.target as Element).id }));
  }
  // The instrumentation's own listeners are not the widget's.
  g.pageListeners = 0;
}

/** Starts the server (options as serve.mjs) and Chromium, with the instrumentation on every page. */
export async function startRig(options: Parameters<typeof startServer>[0] = {}, flags: string[] = []): Promise<Rig> {
  // CONVLENS_DIST serves another build (e.g. one with a proposed worker change) instead of dist/.
  const root = process.env.CONVLENS_DIST;
  assert.ok(existsSync(new URL('../../dist/convlens.js', import.meta.url)), 'dist/convlens.js is missing: run node build.mjs first');
  const server = await startServer(root ? { ...options, root } : options);
  const plain = await startServer({ ...(root ? { root } : {}), isolated: false, cors: false });
  const browser = await launchChromium(flags);
  await browser.context.addInitScript(instrument);
  return { server, plain, browser, context: browser.context };
}

export async function stopRig(rig: Rig | undefined): Promise<void> {
  await rig?.browser.close();
  await rig?.server.close();
  await rig?.plain.close();
}

/** Serves /__widget/<name>.html: `body` after convlens.js, with `head` (e.g. CSS) and response `headers`. */
export async function routeWidgetPage(context: BrowserContext, name: string, body: string, options: { head?: string; headers?: Record<string, string> } = {}): Promise<void> {
  await context.route(`**/__widget/${name}.html`, (route) => route.fulfill({
    contentType: 'text/html',
    headers: options.headers,
    body: `<!doctype html><html><head><meta charset="utf-8">${options.head ?? ''}<script type="module" src="/convlens.js"></script></head><body>${body}</body></html>`,
  }));
}

/** Opens `path` on the rig's server; page errors are collected in `errors`. */
export async function openPage(rig: Rig, path: string, size = { width: 1100, height: 900 }): Promise<Page & { errors: string[] }> {
  const page = Object.assign(await rig.context.newPage(), { errors: [] as string[] });
  await page.setViewportSize(size);
  page.on('pageerror', (error) => page.errors.push(error.message));
  await page.goto(rig.server.url + path.replace(/^\//, ''));
  return page;
}

/**
 * Evaluates `fn(root, el, arg)` with the shadow root and element of the widget matching
 * `selector`. Sent as source text, so it also runs on pages whose CSP forbids eval.
 */
export function inWidget<T, A = undefined>(page: Page, fn: (root: ShadowRoot, el: any, arg: A) => T | Promise<T>, arg?: A, selector = 'conv-lens'): Promise<T> {
  const argument = arg === undefined ? 'undefined' : JSON.stringify(arg);
  return page.evaluate(`(() => { const el = document.querySelector(${JSON.stringify(selector)}); return (${fn.toString()})(el.shadowRoot, el, ${argument}); })()`) as Promise<T>;
}

/** Number of widget events recorded so far (to wait for the next ones). */
export const eventCount = (page: Page) => page.evaluate(() => (globalThis as any).events.length as number);

/**
 * Polls `fn(arg)` in the page until it returns something truthy, and returns that. Unlike
 * waitForFunction it never compiles code in the page, so it works under a CSP without eval.
 */
export async function poll<T, A>(page: Page | Frame, fn: (arg: A) => T, arg: A, timeout = 60_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeout;
  const evaluate = page.evaluate.bind(page) as (fn: (arg: A) => T, arg: A) => Promise<T>;
  for (;;) {
    const value = await evaluate(fn, arg);
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for ${fn.toString().slice(0, 120)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits for the first event of one of `types` after index `since`, and returns it. */
export function nextEvent(page: Page, types: string[], since: number, id?: string): Promise<{ type: string; detail: any }> {
  return poll(page, ({ types, since, id }) => {
    const events = (globalThis as any).events.slice(since);
    return events.find((e: any) => types.includes(e.type) && (id === undefined || e.id === id)) ?? false;
  }, { types, since, id });
}

export interface ShownError { hidden: boolean; headline: string; detail: string; code: string | null }

/** What the widget's error box shows. */
export function shownError(page: Page, selector = 'conv-lens'): Promise<ShownError> {
  return inWidget(page, (root) => {
    const box = root.querySelector('.error') as HTMLElement;
    return {
      hidden: box.hidden, headline: box.querySelector('.headline')?.textContent ?? '',
      detail: box.querySelector('.detail')?.textContent ?? '', code: box.dataset.code ?? null,
    };
  }, undefined, selector);
}

/** Layers fully drawn: computed, and every shown tile painted. */
export function drawnLayers(page: Page, selector = 'conv-lens'): Promise<string[]> {
  return inWidget(page, (root) => [...root.querySelectorAll<HTMLElement>('.layer')]
    .filter((layer) => layer.dataset.state === 'done' && layer.dataset.painted === layer.dataset.tiles && layer.querySelectorAll('.tile').length === Number(layer.dataset.tiles))
    .map((layer) => layer.dataset.layer!), undefined, selector);
}

/** Waits until every grid of the widget is computed and painted; returns their names. */
export async function allDrawn(page: Page, selector = 'conv-lens'): Promise<string[]> {
  await poll(page, (selector) => {
    const root = document.querySelector(selector)!.shadowRoot!;
    const grids = [...root.querySelectorAll<HTMLElement>('.layer')];
    return grids.length > 0 && grids.every((l) => l.dataset.state === 'done' && l.dataset.painted === l.dataset.tiles && l.querySelectorAll('.tile').length === Number(l.dataset.tiles));
  }, selector);
  return drawnLayers(page, selector);
}

/** Drops a file named `name` holding `bytes` on the widget's input panel, as a student would. */
export function dropFile(page: Page, name: string, bytes: Uint8Array, selector = 'conv-lens'): Promise<void> {
  return page.evaluate(({ name, base64, selector }) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], name));
    const panel = document.querySelector(selector)!.shadowRoot!.querySelector('.input-panel')!;
    panel.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true }));
  }, { name, base64: Buffer.from(bytes).toString('base64'), selector });
}

/** The caption under the original photo (it names the image on show). */
export const photoCaption = (page: Page, selector = 'conv-lens') =>
  inWidget(page, (root) => root.querySelector('.input-panel figcaption')!.textContent ?? '', undefined, selector);

/** Sum of every value of every layer computed for the image on show (equal sums: the same results). */
export function activationSums(page: Page, selector = 'conv-lens'): Promise<number[]> {
  return page.evaluate(async (selector) => {
    const list = await (document.querySelector(selector) as any).activations();
    return list.map((a: any) => a.data.reduce((s: number, v: number) => s + v, 0));
  }, selector);
}

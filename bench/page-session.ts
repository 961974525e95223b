/**
 * A benchmark page's session: a fresh browser context (empty cache: a cold load) with the
 * probe and the first-tile CPU binding installed, every request recorded with its class and
 * served size, and which of them started before a given moment.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { watchCpu, type CpuWatch } from './proc-cpu';
import type { Throttle } from './throttle';

/** A laptop's viewport: tiles below it are painted into their canvases but not rastered. */
export const VIEWPORT = { width: 1100, height: 900 };

export interface Env {
  browser: Browser;
  throttle: Throttle;
  level: number;
  probe: string;
  /** Timeout for one page to finish, scaled by the slow-down. */
  timeoutMs: number;
  /** The served folder: a 200 response's size is its file's size (the server sends files as they are). */
  root: string;
  /** Emulated media for the page (bench/ab-cold.ts compares with and without reduced motion). */
  reducedMotion?: 'reduce' | 'no-preference';
  /** Open a page of another site first, so the cold load is a navigation from it (bench/ab-cold.ts --variant coop-arrival). */
  arriveFromOtherSite?: boolean;
}

/** Anything serving the bench root. */
export interface Served { url: string }

export type ByteClass = 'pageJs' | 'workerJs' | 'wasm' | 'weights' | 'other';

export interface Request { path: string; host: string; kind: ByteClass; start: number; bytes: number; status: number }

export function classify(path: string): ByteClass {
  if (path.endsWith('.wasm')) return 'wasm';
  if (path.endsWith('.bin')) return 'weights';
  if (/(^|\/)worker\.js$/.test(path) || /(^|\/)chunks\/[^/]+\.js$/.test(path)) return 'workerJs';
  if (path.endsWith('.js')) return 'pageJs';
  return 'other';
}

/** A fresh context (empty cache: a cold load) with the probe installed and every request recorded. */
export async function open(env: Env): Promise<{ context: BrowserContext; page: Page; requests: Request[]; cpu: CpuWatch; settle(): Promise<void> }> {
  const context = await env.browser.newContext({ viewport: VIEWPORT, reducedMotion: env.reducedMotion });
  await context.addInitScript({ content: env.probe });
  const cpu = await watchCpu(context, env.throttle.cgroupProcs);
  const requests: Request[] = [];
  const pending: Promise<void>[] = [];
  context.on('requestfinished', (request) => {
    pending.push(request.response().then((response) => {
      const url = new URL(request.url());
      const status = response?.status() ?? 0;
      requests.push({
        // data: and blob: URLs have no host: they never leave the page.
        path: url.pathname, host: url.protocol.startsWith('http') ? url.hostname : url.protocol, kind: classify(url.pathname), start: request.timing().startTime,
        bytes: status === 200 ? fileSize(env.root, url.pathname) : 0, status,
      });
    }).catch(() => undefined));
  });
  const page = await context.newPage();
  await env.throttle.applyToPage(page, env.level);
  return { context, page, requests, cpu, settle: async () => void (await Promise.all(pending)) };
}

/**
 * Bytes of a file as served. Playwright's request.sizes() reports 0 for a dedicated
 * worker's own script, so the size comes from the served folder instead.
 */
function fileSize(root: string, pathname: string): number {
  try {
    return statSync(join(root, decodeURIComponent(pathname))).size;
  } catch {
    return 0;
  }
}

/** Requests that started by `time` (ms since navigation; `origin` is performance.timeOrigin): bytes by class, weight files, paths of 200s. */
export function bytesBefore(requests: Request[], origin: number, time: number): { bytes: Record<ByteClass, number>; weights: string[]; paths: string[] } {
  const bytes: Record<ByteClass, number> = { pageJs: 0, workerJs: 0, wasm: 0, weights: 0, other: 0 };
  const weights: string[] = [];
  const paths: string[] = [];
  for (const request of requests) {
    if (request.start - origin > time) continue;
    if (request.status === 200) paths.push(request.path);
    bytes[request.kind] += request.bytes;
    if (request.kind === 'weights') weights.push(request.path.split('/').pop()!);
  }
  return { bytes, weights, paths };
}


/**
 * A second view of the embed page in the same context (HTTP cache warm): what the browser still
 * transfers. The server answers a revalidation with 304 and no body when the ETag matches,
 * so a repeat view should move nothing but 304s; content-hashed weight names would also
 * allow long max-age caching (no request at all).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { VIEWPORT, type Env } from './scenarios';
import type { ServerProcess } from './server-process';
import { EMBED_PAGE } from './root';

export interface RepeatView {
  /** Requests the page made on the second view. */
  requests: number;
  /** Of those, how many reached the server (revalidations included). */
  reachedServer: number;
  notModified: number;
  /** Bodies the server sent again (status 200), and their bytes. */
  fetchedAgain: string[];
  bodyBytes: number;
  summary: string;
}

export async function repeatView(env: Env, server: ServerProcess): Promise<RepeatView> {
  const context = await env.browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript({ content: env.probe });
  try {
    const page = await context.newPage();
    const ready = () => page.waitForFunction(() => (globalThis as any).__bench.snapshot().done !== null, undefined, { timeout: env.timeoutMs });
    await page.goto(server.url + EMBED_PAGE);
    await ready();
    await page.waitForTimeout(500);
    await server.hits();
    let requests = 0;
    context.on('requestfinished', () => requests++);
    await page.reload();
    await ready();
    await page.waitForTimeout(500);
    const hits = await server.hits();
    const fetched = hits.filter((hit) => hit.status === 200).map((hit) => hit.path);
    const notModified = hits.filter((hit) => hit.status === 304).length;
    const bodyBytes = fetched.reduce((sum, path) => sum + fileSize(env.root, path.endsWith('/') ? `${path}index.html` : path), 0);
    return {
      requests, reachedServer: hits.length, notModified, fetchedAgain: fetched, bodyBytes,
      summary: `${requests} requests, ${hits.length} reached the server, ${notModified} answered 304 Not Modified; ` +
        `bodies sent again: ${(bodyBytes / 1024).toFixed(1)} KB (${fetched.join(', ') || 'none'})`,
    };
  } finally {
    await context.close();
  }
}

function fileSize(root: string, path: string): number {
  try {
    return statSync(join(root, decodeURIComponent(path))).size;
  } catch {
    return 0;
  }
}

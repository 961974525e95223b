/**
 * Test-only pages, bundled on the fly and served at /__test/<name>.html on the server's
 * own origin through Playwright routing, so nothing test-only ships in dist/.
 */
import * as esbuild from 'esbuild';
import type { BrowserContext } from 'playwright-core';
import { fileURLToPath } from 'node:url';

const PAGES = fileURLToPath(new URL('./pages/', import.meta.url));

/** Bundles test/browser/pages/<name>.ts into one ES module. */
async function bundle(name: string): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [`${PAGES}${name}.ts`], bundle: true, format: 'esm', write: false, target: 'es2022',
  });
  return result.outputFiles[0].text;
}

/** Serves /__test/<name>.html (+ .js) for every name; `headers` mirror the server's own. */
export async function routeTestPages(context: BrowserContext, names: string[], headers: Record<string, string> = {}) {
  const scripts = new Map(await Promise.all(names.map(async (name) => [name, await bundle(name)] as const)));
  await context.route('**/__test/*', async (route) => {
    const file = new URL(route.request().url()).pathname.split('/').pop() ?? '';
    const [name, extension] = file.split('.');
    const script = scripts.get(name);
    if (!script) return route.fulfill({ status: 404, body: 'no such test page' });
    if (extension === 'js') return route.fulfill({ body: script, headers: { ...headers, 'Content-Type': 'text/javascript' } });
    const html = `<!doctype html><meta charset="utf-8"><title>${name}</title><script type="module" src="./${name}.js"></script>`;
    return route.fulfill({ body: html, headers: { ...headers, 'Content-Type': 'text/html' } });
  });
}

/** The headers the project's server sends when cross-origin isolated. */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Serves in-memory files at /__files/<name> (corpus inputs made by the tests). */
export async function routeFiles(context: BrowserContext, files: Map<string, Uint8Array>, headers: Record<string, string> = {}) {
  await context.route('**/__files/**', async (route) => {
    const name = decodeURIComponent(new URL(route.request().url()).pathname.split('/__files/')[1] ?? '');
    const body = files.get(name);
    if (!body) return route.fulfill({ status: 404, body: 'not found', headers });
    return route.fulfill({ body: Buffer.from(body), headers: { ...headers, 'Content-Type': 'application/octet-stream' } });
  });
}

// Serves dist/ for the demo, the browser tests and the benchmark. `npm start` sends the
// cross-origin isolation headers (COOP/COEP, which WASM threads need) only to a browser whose
// cookie says threads would run there (ISOLATION_COOKIE: set by the demo page on a device
// where tfjs would start more than one thread). Isolation costs a cold load ~0.5 s at 1/4
// core and buys nothing on a 2-core device, where tfjs runs one thread. `--isolation` sends
// the headers always, `--no-isolation` never (as most course sites do). `--base /course/week3/`
// serves dist/ under a sub-path. Every file is sent as a CDN sends it (CORS open, CORP
// cross-origin), so pages on other origins can embed the widget from this server.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The cookie the demo page sets where WASM threads would run (static/demo.js). */
export const ISOLATION_COOKIE = 'convlens-threads=1';

const DIST = fileURLToPath(new URL('./dist/', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.md': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
};

/** Whether a request gets COOP/COEP: `isolated` true, false, or 'auto' (when it carries ISOLATION_COOKIE). */
export function wantsIsolation(isolated, cookieHeader = '') {
  if (isolated !== 'auto') return isolated === true;
  return cookieHeader.split(';').some((part) => part.trim() === ISOLATION_COOKIE);
}

/**
 * Starts a static server. `isolated`: true, false or 'auto' (see wantsIsolation); `root`
 * defaults to dist/; `extraHeaders(path)` may add headers (the tests use it for CSP pages);
 * `port` 0 picks a free port; `cors: false` sends no CORS and a same-origin CORP. Resolves
 * when listening.
 */
export async function startServer({ port = 0, isolated = true, base = '/', root = DIST, extraHeaders, cors = true } = {}) {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const headers = { 'Cache-Control': 'no-cache' };
    // Caches must keep the two answers apart when the cookie chooses between them.
    if (isolated === 'auto') headers['Vary'] = 'Cookie';
    const isolating = wantsIsolation(isolated, request.headers.cookie);
    if (isolating) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
    }
    // convlens' files are served as a CDN serves them: any page may load the script, the
    // worker, the WASM and the model (a course page on another host embeds them), and a page
    // under COEP may too. The demo's own isolation (COOP/COEP above) is unaffected.
    // `cors: false` plays a plain site that shares nothing (the tests' "no CORS" host).
    if (cors) {
      headers['Access-Control-Allow-Origin'] = '*';
      headers['Timing-Allow-Origin'] = '*';
    }
    headers['Cross-Origin-Resource-Policy'] = cors ? 'cross-origin' : 'same-origin';
    if (!url.pathname.startsWith(base)) return send(response, 404, headers, 'not found');
    let relative = decodeURIComponent(url.pathname.slice(base.length));
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    const path = normalize(join(root, relative));
    if (!path.startsWith(normalize(root))) return send(response, 403, headers, 'forbidden');
    try {
      const info = await stat(path);
      if (!info.isFile()) return send(response, 404, headers, 'not found');
      const body = await readFile(path);
      Object.assign(headers, extraHeaders?.(relative) ?? {});
      headers['Content-Type'] = TYPES[extname(path)] ?? 'application/octet-stream';
      // Only a document's headers decide isolation. The rest carry COEP whatever the cookie says:
      // an isolated page's worker script needs it, and the page may drop the cookie before it asks.
      if (isolated === 'auto' && extname(path) !== '.html') headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      // As static hosts and CDNs do; the worker's progress for the WASM binary reads it.
      headers['Content-Length'] = String(body.length);
      // An ETag per isolation answer: a 304 keeps the cached response's headers, so a browser
      // whose cookie went would otherwise stay isolated on the headers it cached before.
      headers['ETag'] = `"${info.size.toString(16)}-${info.mtimeMs.toString(16)}${isolating ? '-i' : ''}"`;
      // Content-hashed weight files never change under their name: cache them for good.
      if (/\.[0-9a-f]{8}\.bin$/.test(path)) headers['Cache-Control'] = 'public, max-age=31536000, immutable';
      if (request.headers['if-none-match'] === headers['ETag']) return send(response, 304, headers);
      send(response, 200, headers, body);
    } catch {
      send(response, 404, headers, 'not found');
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    url: `http://localhost:${server.address().port}${base}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

function send(response, status, headers, body) {
  response.writeHead(status, headers);
  response.end(body);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const baseIndex = args.indexOf('--base');
  const isolated = args.includes('--no-isolation') ? false : args.includes('--isolation') ? true : 'auto';
  const server = await startServer({
    port: Number(process.env.PORT ?? 8080),
    isolated,
    base: baseIndex >= 0 ? args[baseIndex + 1] : '/',
  });
  console.log(`convlens demo: ${server.url}`);
  console.log({
    auto: 'COOP/COEP only for browsers where WASM threads would run (the demo page sets a cookie there): --isolation for always, --no-isolation for never',
    true: 'cross-origin isolated (COOP/COEP on): WASM threads allowed',
    false: 'not isolated: WASM SIMD without threads',
  }[String(isolated)]);
}

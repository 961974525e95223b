/**
 * `convlens serve MODEL [PHOTO]`: a local page with the widget on MODEL (and PHOTO), served
 * with the package's own built files; prints the URL, stops on Ctrl-C (SIGINT) or SIGTERM.
 * The model is read once first, by the same engine, so a missing or broken file is
 * reported here, in the widget's words, before anything is served.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { LANGS, type Lang } from '../src/languages/i18n';
import { UsageError, reportError } from './errors';
import { loadModelFile, readPhotoFile } from './node-engine';
import { escapeXml } from '../render/svg';

export const SERVE_USAGE = `usage: convlens serve MODEL [PHOTO] [--port N] [--lang en|ko]

Serves a page with the widget on MODEL (a model.json with its weight files beside it, a
Keras .h5 or .keras file, or any file the widget reads) and PHOTO, and prints its URL.
Only this machine can reach it (127.0.0.1). Ctrl-C stops it.

options:
  --port N        port to listen on (default 8080; 0 picks a free one)
  --lang en|ko    the widget's language (default: the browser's)
  -h, --help      this text`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.webp': 'image/webp', '.map': 'application/json',
};

/** The built widget: dist/ beside the bundled CLI (dist/node/), or the repository's dist/ from source. */
function distDir(): string {
  const candidates = [new URL('../', import.meta.url), new URL('../dist/', import.meta.url)].map((url) => fileURLToPath(url));
  const found = candidates.find((dir) => existsSync(join(dir, 'convlens.js')) && existsSync(join(dir, 'worker.js')));
  if (!found) throw new Error('the built widget (convlens.js, worker.js) is not beside the CLI; run `npm run build` or reinstall the package.');
  return found;
}

interface ServeOptions { model: string; photo: string | null; port: number; lang: Lang | null }

function parseServeArgs(argv: string[]): ServeOptions | null {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { port: { type: 'string' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return null;
  if (positionals.length < 1 || positionals.length > 2) throw new UsageError(`expected MODEL and an optional PHOTO, got ${positionals.length} argument(s)`);
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (0–65535), not "${values.port}"`);
  if (values.lang !== undefined && !LANGS.includes(values.lang as Lang)) throw new UsageError(`--lang must be en or ko, not "${values.lang}"`);
  return { model: positionals[0], photo: positionals[1] ?? null, port, lang: (values.lang as Lang | undefined) ?? null };
}

export async function serveCommand(argv: string[]): Promise<void> {
  let options: ServeOptions | null = null;
  try {
    options = parseServeArgs(argv);
    if (!options) return void console.log(SERVE_USAGE);
    await loadModelFile(options.model);
    if (options.photo) await readPhotoFile(options.photo);
    const server = await listen(options, distDir());
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    console.log(`convlens: the widget on ${basename(options.model)} at http://localhost:${port}/  (Ctrl-C stops it)`);
    const stop = () => {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (error) {
    reportError('serve', error, options?.lang ?? 'en', SERVE_USAGE);
  }
}

/** Routes: / (the page), /model/… (the model's folder: the file and, for model.json, its weights), /photo/NAME, the rest from dist/. */
function listen(options: ServeOptions, dist: string): Promise<Server> {
  const modelPath = resolve(options.model);
  const photoPath = options.photo ? resolve(options.photo) : null;
  const page = pageHtml(basename(modelPath), photoPath ? basename(photoPath) : null, options.lang);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (path === '/' || path === '/index.html') return send(response, 200, '.html', page);
    if (path.startsWith('/model/')) return sendFile(response, dirname(modelPath), path.slice('/model/'.length));
    if (photoPath && path === `/photo/${basename(photoPath)}`) return sendFile(response, dirname(photoPath), basename(photoPath));
    return sendFile(response, dist, path.slice(1));
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new UsageError(`port ${options.port} is in use; choose another with --port N (0 picks a free one)`) : error));
    server.listen(options.port, '127.0.0.1', () => resolvePromise(server));
  });
}

/** A file under `root` only (no `..` out of it), 404 otherwise. */
async function sendFile(response: ServerResponse, root: string, relative: string): Promise<void> {
  const path = normalize(join(root, relative));
  if (!path.startsWith(normalize(root + '/'))) return send(response, 403, '.txt', 'forbidden');
  try {
    if (!(await stat(path)).isFile()) return send(response, 404, '.txt', 'not found');
    send(response, 200, extname(path), await readFile(path));
  } catch {
    send(response, 404, '.txt', 'not found');
  }
}

function send(response: ServerResponse, status: number, ext: string, body: string | Buffer): void {
  // Content-Length: the worker reports the WASM binary's download progress from it.
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  response.writeHead(status, { 'Content-Type': TYPES[ext] ?? 'application/octet-stream', 'Content-Length': length, 'Cache-Control': 'no-cache' });
  response.end(body);
}

function pageHtml(model: string, photo: string | null, lang: Lang | null): string {
  const attr = (name: string, value: string | null) => (value === null ? '' : ` ${name}="${escapeXml(value)}"`);
  return `<!doctype html>
<html${attr('lang', lang)}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>convlens: ${escapeXml(model)}</title>
<script type="module" src="/convlens.js"></script>
<style>body { margin: 0 auto; max-width: 1100px; padding: 16px; font-family: system-ui, sans-serif; }</style>
</head>
<body>
<conv-lens${attr('model', `/model/${encodeURIComponent(model)}`)}${attr('src', photo ? `/photo/${encodeURIComponent(photo)}` : null)}${attr('lang', lang)}></conv-lens>
</body>
</html>
`;
}

/**
 * serve.mjs in a child process, so the files are served by an event loop that Playwright's
 * bookkeeping in this process never delays. Same options as startServer (root, isolated,
 * base); `hits` reads back which paths reached the server (for the repeat-view figure).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SERVE = fileURLToPath(new URL('../serve.mjs', import.meta.url));

export interface Hit { status: number; path: string }

export interface ServerProcess {
  url: string;
  /** Responses sent since the last call, in order: status and path. */
  hits(): Promise<Hit[]>;
  close(): Promise<void>;
}

/**
 * The child: starts the server, logs every response's status and path (by wrapping
 * writeHead, so serve.mjs stays as it is), and sends the log when a line arrives on stdin.
 */
const CHILD = `
const http = await import('node:http');
const { startServer } = await import(process.env.SERVE_URL);
const options = JSON.parse(process.env.SERVE_OPTIONS);
let hits = [];
const writeHead = http.ServerResponse.prototype.writeHead;
http.ServerResponse.prototype.writeHead = function (status, ...rest) {
  hits.push({ status, path: new URL(this.req.url, 'http://x').pathname });
  return writeHead.call(this, status, ...rest);
};
const server = await startServer(options);
process.stdout.write(JSON.stringify({ url: server.url }) + '\\n');
process.stdin.on('data', () => { process.stdout.write(JSON.stringify({ hits }) + '\\n'); hits = []; });
process.stdin.on('end', () => server.close().then(() => process.exit(0)));
`;

export async function startServerProcess(options: { root: string; isolated: boolean | 'auto'; base?: string }): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
    env: { ...process.env, SERVE_URL: `file://${SERVE}`, SERVE_OPTIONS: JSON.stringify(options) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 1);
      const next = waiting.shift();
      if (next) next(line);
      else lines.push(line);
    }
  });
  const nextLine = () => new Promise<string>((resolve, reject) => {
    const line = lines.shift();
    if (line !== undefined) return resolve(line);
    waiting.push(resolve);
    child.once('exit', (code) => reject(new Error(`the benchmark's server exited (${code})`)));
  });
  const { url } = JSON.parse(await nextLine()) as { url: string };
  return {
    url,
    async hits() {
      child.stdin!.write('\n');
      return (JSON.parse(await nextLine()) as { hits: Hit[] }).hits;
    },
    close: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.stdin!.end();
    }),
  };
}

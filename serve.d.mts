/** Types for serve.mjs (plain JS so `npm start` needs no compiler). */
export interface StartedServer {
  port: number;
  /** http://localhost:<port><base> */
  url: string;
  close(): Promise<void>;
}
export interface ServerOptions {
  port?: number;
  isolated?: boolean;
  base?: string;
  root?: string;
  extraHeaders?: (relativePath: string) => Record<string, string> | undefined;
  /** Serve as a CDN does (Access-Control-Allow-Origin: *, CORP cross-origin); default true. */
  cors?: boolean;
}
export function startServer(options?: ServerOptions): Promise<StartedServer>;

/** Types for serve.mjs (plain JS so `npm start` needs no compiler). */
export interface StartedServer {
  port: number;
  /** http://localhost:<port><base> */
  url: string;
  close(): Promise<void>;
}
export interface ServerOptions {
  port?: number;
  /** COOP/COEP on every response (true, the default), on none (false), or when the request carries ISOLATION_COOKIE ('auto', as `npm start` serves). */
  isolated?: boolean | 'auto';
  base?: string;
  root?: string;
  extraHeaders?: (relativePath: string) => Record<string, string> | undefined;
  /** Serve as a CDN does (Access-Control-Allow-Origin: *, CORP cross-origin); default true. */
  cors?: boolean;
}
/** The cookie the demo page sets where WASM threads would run. */
export const ISOLATION_COOKIE: string;
export function wantsIsolation(isolated: boolean | 'auto', cookieHeader?: string): boolean;
export function startServer(options?: ServerOptions): Promise<StartedServer>;

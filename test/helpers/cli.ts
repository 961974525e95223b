/**
 * Runs the built `convlens` command (dist/node/convlens.mjs, what `npx convlens` runs) with
 * plain Node, as a user's machine would: no tsx, no repository sources.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = `${ROOT}dist/node/convlens.mjs`;

export interface CliResult { code: number | null; stdout: string; stderr: string }

/** `node dist/node/convlens.mjs ...args` in `cwd` (default: the repository). */
export function runCli(args: string[], cwd = ROOT, cli = CLI): Promise<CliResult> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`node build.mjs\` first (npm test does)`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** How the CLI fails: the widget's headline (in --lang) over the specific detail, and an exit code. */
import { describeError } from '../src/languages/errors';
import { MESSAGES, type Lang } from '../src/languages/i18n';

/** A misuse of the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** Prints `error` the way the widget shows it and sets the process' exit code (2 misuse, 1 otherwise). */
export function reportError(command: string, error: unknown, lang: Lang = 'en', usage = ''): void {
  if (error instanceof UsageError) {
    console.error(`convlens ${command}: ${error.message}${usage ? `\n\n${usage}` : ''}`);
    process.exitCode = 2;
    return;
  }
  const { code, headline, detail } = describeError(error, MESSAGES[lang]);
  console.error(code ? `convlens ${command}: ${headline}\n  ${detail}` : `convlens ${command}: ${detail}`);
  process.exitCode = 1;
}

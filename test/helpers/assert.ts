/** Assertions uvu lacks. */
import * as assert from 'uvu/assert';

/** Awaits `run` and asserts it rejects with an error whose message matches, or that `check` accepts. */
export async function rejects(run: () => Promise<unknown>, expected: RegExp | ((error: Error) => boolean)): Promise<Error> {
  try {
    await run();
  } catch (error) {
    const err = error as Error;
    if (expected instanceof RegExp) assert.match(err.message, expected);
    else assert.ok(expected(err), `unexpected error ${err.name}: ${err.message}`);
    return err;
  }
  assert.unreachable('expected a rejection');
  throw new Error('unreachable');
}

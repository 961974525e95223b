/**
 * Skips as test/run.mjs counts them. A line on stdout that starts with "SKIP" is one skipped
 * part (a file, or the part of it whose data is absent), listed with its reason at the end;
 * "SKIP test:" printed inside a test that then returns marks that test skipped, not passed.
 */

/** A part of a file that does not run (its fixture or tool is absent): no test is registered for it. */
export function skipPart(reason: string): void {
  console.log(`SKIP ${reason}`);
}

/** Inside a test that returns right after: the runner counts it as skipped instead of passed. */
export function skipThisTest(reason: string): void {
  console.log(`\nSKIP test: ${reason}`);
}

/**
 * Errors that cross the worker boundary. Comlink carries `name` and `message`, so the
 * page tells them apart by name: a superseded run is an AbortError and is not shown,
 * everything else is a ConvlensError with a message meant for the student.
 */

/** A user-facing failure: bad image, bad model, missing weights. `code` is stable for tests. */
export class ConvlensError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConvlensError';
  }
}

/** Thrown by a run that a newer run on the same channel replaced. */
export function abortError(): Error {
  const error = new Error('superseded by a newer run');
  error.name = 'AbortError';
  return error;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

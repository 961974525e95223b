/**
 * The models one widget used: the one in use and the one before it. When the weights of
 * the model in use fail while a photo is computed (a hosted model's weight file missing or
 * of the wrong size: what could not be checked before downloading it), the widget goes
 * back to the model before it, once, and that model stands in for the `model` attribute's
 * until the attribute changes.
 */
import { errorCode } from '../languages/errors';

export class ModelHistory {
  private current: string | null = null;
  private previous: string | null = null;
  /** A model gone back to in place of the `model` attribute's, or null. */
  standIn: string | null = null;

  /** `url` is on show now (a new model, or the same one again after a restart). */
  shown(url: string): void {
    if (url === this.current) return;
    this.previous = this.current;
    this.current = url;
  }

  /** The model to go back to after `error` while computing, or null: only for a weights failure, and once. */
  backFrom(error: unknown): string | null {
    const back = this.previous;
    if (!back || !errorCode(error)?.startsWith('weights-')) return null;
    this.previous = null;
    return back;
  }

  /** The widget went back to `url`; it stands in for the attribute's model unless it is the widget's own (given files). */
  wentBack(url: string, standIn: boolean): void {
    this.current = url;
    this.previous = null;
    this.standIn = standIn ? url : null;
  }

  /** The `model` attribute changed, or files were given: no stand-in any more. */
  chosen(): void {
    this.standIn = null;
  }
}

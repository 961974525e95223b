/**
 * happy-dom as the global DOM for one test file: `setup()` in `test.before`, `reset()` in
 * `test.before.each` (empties the document), `teardown()` in `test.after`.
 */
import { Window } from 'happy-dom';

const GLOBALS = [
  'document', 'HTMLElement', 'HTMLCanvasElement', 'HTMLImageElement', 'HTMLDialogElement', 'Element', 'Node',
  'Event', 'KeyboardEvent', 'MouseEvent', 'PointerEvent', 'CustomEvent', 'ImageData', 'customElements',
  'requestAnimationFrame', 'cancelAnimationFrame', 'getComputedStyle', 'DocumentFragment', 'Text', 'navigator',
] as const;

let window: Window | null = null;
const saved = new Map<string, PropertyDescriptor | undefined>();

/** Installs a fresh happy-dom window's DOM classes and document as globals. */
export function setup(): Window {
  window = new Window({ url: 'http://localhost:8080/', width: 1024, height: 768 });
  const target = globalThis as Record<string, unknown>;
  for (const name of GLOBALS) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, { value: (window as unknown as Record<string, unknown>)[name], configurable: true, writable: true });
  }
  target.window = window;
  return window;
}

/** Empties the document between tests. */
export function reset(): void {
  document.body.replaceChildren();
  document.head.replaceChildren();
}

/** Closes the window and puts the original globals back. */
export async function teardown(): Promise<void> {
  for (const [name, descriptor] of saved) {
    if (descriptor) Object.defineProperty(globalThis, name, descriptor);
    else delete (globalThis as Record<string, unknown>)[name];
  }
  saved.clear();
  delete (globalThis as Record<string, unknown>).window;
  await window?.happyDOM.close();
  window = null;
}

/** Dispatches a keydown of `key` on `target` (bubbling, cancelable). */
export function press(target: Element, key: string): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  target.dispatchEvent(event);
  return event;
}

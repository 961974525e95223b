/**
 * The only way the widget builds DOM: elements with attributes and children, where every
 * string becomes a text node or an attribute value. There is no innerHTML anywhere, so
 * file names and class names from a model file can never become markup.
 */

export type Child = Node | string | null | undefined | false;

/** Attributes to set; `null`, `undefined` and `false` leave an attribute out, `true` sets it empty. */
export type Attributes = Record<string, string | number | boolean | null | undefined>;

/** Creates `<tag>` with `attrs` and `children` (strings as text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, attrs: Attributes = {}, children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attrs);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** Sets or removes each attribute of `attrs` on `element`. */
export function setAttributes(element: Element, attrs: Attributes): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) element.removeAttribute(name);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
}

/** Replaces the text of `element` (a no-op when unchanged, so screen readers are not re-told). */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** Positions `element` as a box in percent of its positioned parent. */
export function placePercent(element: HTMLElement, box: { left: number; top: number; width: number; height: number }): void {
  element.style.left = `${box.left}%`;
  element.style.top = `${box.top}%`;
  element.style.width = `${box.width}%`;
  element.style.height = `${box.height}%`;
}

/** A 2-D context, or null where there is none (happy-dom, a lost context). */
export function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  try {
    return canvas.getContext('2d');
  } catch {
    return null;
  }
}

/** Copies RGBA pixels onto `canvas`, resizing the canvas to the buffer; a no-op without a 2-D context. */
export function putPixels(canvas: HTMLCanvasElement, pixels: { width: number; height: number; data: Uint8ClampedArray }): void {
  if (canvas.width !== pixels.width) canvas.width = pixels.width;
  if (canvas.height !== pixels.height) canvas.height = pixels.height;
  const context = context2d(canvas);
  if (!context || typeof ImageData === 'undefined') return;
  context.putImageData(new ImageData(pixels.data as Uint8ClampedArray<ArrayBuffer>, pixels.width, pixels.height), 0, 0);
}

/**
 * An indeterminate "working" strip. Not a <progress> without a value: Chromium repaints
 * that on the main thread every frame, which on a slow device turns each frame of a layer
 * into a long task; this one slides by a CSS transform the compositor animates alone.
 */
export function busyStrip(): HTMLElement {
  return h('span', { class: 'busy', 'aria-hidden': 'true' }, [h('span')]);
}

export type Cancel = () => void;

/** Runs `work` when the page is idle (soon, where requestIdleCallback is missing); returns a cancel. */
export function whenIdle(work: () => void, timeout = 2000): Cancel {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(() => work(), { timeout });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(work, 50);
  return () => clearTimeout(id);
}

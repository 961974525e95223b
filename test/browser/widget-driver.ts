/**
 * Driving one <conv-lens> on a page as the own-model tests do: the widget events the page
 * heard (installed before the page's scripts), reads in the widget's shadow root, and files
 * dropped on its input panel as a student's drag would.
 */
import type { Page } from 'playwright-core';

/** An init script: records convlens:ready, :done and :error in `heard`, and starts with an empty sessionStorage. */
export function hearWidgetEvents(): void {
  const g = globalThis as any;
  g.heard = [];
  for (const type of ['convlens:ready', 'convlens:done', 'convlens:error']) {
    document.addEventListener(type, (event) => g.heard.push({ type, detail: (event as CustomEvent).detail }));
  }
  try {
    sessionStorage.clear();
  } catch {
    // no storage: nothing to clear
  }
}

/** The helpers for the widget on `page()` (read at each call); `next` waits at most `timeout` ms. */
export function widgetDriver(page: () => Page, timeout: number) {
  return {
    /** Runs `fn` on the widget's shadow root in the page. */
    inWidget<T, A = undefined>(fn: (root: ShadowRoot, arg: A) => T, arg?: A): Promise<T> {
      return page().evaluate(
        ({ source, arg }) => new Function('root', 'arg', `return (${source})(root, arg);`)(document.querySelector('conv-lens')!.shadowRoot, arg),
        { source: fn.toString(), arg },
      ) as Promise<T>;
    },
    /** How many widget events of `type` the page has heard. */
    count: (type: string): Promise<number> => page().evaluate((type) => (globalThis as any).heard.filter((e: any) => e.type === type).length, type),
    /** Waits for the next event of `type` after `before` of them; returns its detail. */
    async next(type: string, before: number): Promise<any> {
      await page().waitForFunction(([type, before]) => (globalThis as any).heard.filter((e: any) => e.type === type).length > (before as number), [type, before] as const, { timeout });
      return page().evaluate((type) => (globalThis as any).heard.filter((e: any) => e.type === type).at(-1).detail, type);
    },
    /** Drops files (name, bytes, MIME type) on the widget's input panel. */
    drop(files: { name: string; bytes: Uint8Array; type?: string }[]): Promise<void> {
      const given = files.map((f) => ({ name: f.name, type: f.type ?? '', base64: Buffer.from(f.bytes).toString('base64') }));
      return page().evaluate((given) => {
        const transfer = new DataTransfer();
        for (const f of given) transfer.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
        const panel = document.querySelector('conv-lens')!.shadowRoot!.querySelector('.input-panel')!;
        panel.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true }));
      }, given);
    },
  };
}

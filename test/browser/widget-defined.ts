/**
 * Waits until the page's first <conv-lens> is defined and ready. The demo page imports the
 * widget's script after its load event, so right after page.goto() the element may still be
 * undefined, and its `ready` undefined with it.
 */
import type { Page } from 'playwright-core';

export async function widgetReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await customElements.whenDefined('conv-lens');
    await (document.querySelector('conv-lens') as any).ready;
  });
}

/**
 * A still copy of the widget's first screen, for the floor page "first screen+worker+wasm":
 * the shadow DOM the embed page shows while it loads (status, input panel, six grid
 * placeholders), with its style sheets, as declarative shadow DOM and no script of the
 * widget's. The browser lays it out, rasters and composites it as it does the widget's, so
 * that floor minus "worker+wasm" is what rendering the first screen itself costs, and the
 * widget minus that floor is what its script, the model, the photo and the compute add.
 */
import type { Browser } from 'playwright-core';
import { EMBED_PAGE } from './root';
import { VIEWPORT } from './scenarios';

/** The embed page's widget at `convlens:ready` (backend up, model summary in, no tile yet), as HTML. */
export async function captureFirstScreen(browser: Browser, siteUrl: string): Promise<string> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript({ content: "globalThis.__ready = new Promise((resolve) => addEventListener('convlens:ready', resolve, true));" });
    const page = await context.newPage();
    await page.goto(siteUrl + EMBED_PAGE);
    return await page.evaluate(async () => {
      await (globalThis as any).__ready;
      const host = document.querySelector('conv-lens')!;
      const root = host.shadowRoot!;
      const sheets = [...root.adoptedStyleSheets].map((sheet) => [...sheet.cssRules].map((rule) => rule.cssText).join('\n'));
      const copy = document.createDocumentFragment();
      for (const node of root.childNodes) copy.append(node.cloneNode(true));
      // No photo yet on the first screen; a blob: URL would not outlive the page anyway.
      for (const img of copy.querySelectorAll('img[src^="blob:"]')) img.removeAttribute('src');
      const body = [...copy.childNodes].map((node) => (node instanceof Element ? node.outerHTML : node.textContent ?? '')).join('');
      const attributes = [...host.attributes].map((a) => ` ${a.name}="${a.value.replace(/"/g, '&quot;')}"`).join('');
      return `<conv-lens${attributes}><template shadowrootmode="open"><style>${sheets.join('\n')}</style>${body}</template></conv-lens>`;
    });
  } finally {
    await context.close();
  }
}

/**
 * Still copies of a first screen, for the floor pages "first screen+worker+wasm" (the embed
 * page) and "demo first screen+worker+wasm" (the demo page, Korean, as `npm start` serves it):
 * the shadow DOM the widget shows while it loads (status, input panel, six grid placeholders),
 * with its style sheets, as declarative shadow DOM and no script of the widget's — for the
 * demo, inside a copy of its page (header, intro, stories, inline stylesheet). The browser
 * lays it out, rasters and composites it as it does the real page, so that floor minus
 * "worker+wasm" is what rendering the first screen itself costs, and the page minus that
 * floor is what the widget's script, the model, the photo and the compute add.
 */
import type { Browser } from 'playwright-core';
import { DEMO_PAGE, EMBED_PAGE } from './root';
import { VIEWPORT } from './scenarios';

export interface FirstScreens {
  /** The widget as the embed page shows it, as HTML for a floor page's body. */
  embed: string;
  /** The whole demo page, without its scripts, as a document; `MAIN_SCRIPT` marks where the floor's script goes. */
  demo: string;
}

/** Where the demo copy takes the floor page's module script (its URL depends on where the copy is served). */
export const MAIN_SCRIPT = '<!--floor main script-->';

/** Both first screens at `convlens:ready` (backend up, model summary in, no tile yet). */
export async function captureFirstScreens(browser: Browser, siteUrl: string): Promise<FirstScreens> {
  return { embed: await capture(browser, siteUrl + EMBED_PAGE, false), demo: await capture(browser, siteUrl + DEMO_PAGE, true) };
}

async function capture(browser: Browser, url: string, wholePage: boolean): Promise<string> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript({ content: "globalThis.__ready = new Promise((resolve) => addEventListener('convlens:ready', resolve, true));" });
    const page = await context.newPage();
    await page.goto(url);
    return await page.evaluate(async ([whole, marker]) => {
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
      const widget = `<conv-lens${attributes}><template shadowrootmode="open"><style>${sheets.join('\n')}</style>${body}</template></conv-lens>`;
      if (!whole) return widget;
      // The page around it: its own markup and inline stylesheet, none of its scripts, the widget as a still copy.
      const html = document.documentElement.cloneNode(true) as HTMLElement;
      for (const script of html.querySelectorAll('script')) script.remove();
      html.querySelector('conv-lens')!.replaceWith(document.createComment('widget'));
      html.querySelector('body')!.append(document.createComment('main'));
      return `<!doctype html>\n${html.outerHTML.replace('<!--widget-->', widget).replace('<!--main-->', marker)}`;
    }, [wholePage, MAIN_SCRIPT] as const);
  } finally {
    await context.close();
  }
}

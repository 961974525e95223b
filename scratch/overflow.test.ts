import { readFileSync } from 'node:fs';
import { startServer } from '../serve.mjs';
import { launchChromium } from '../test/browser/chromium';
const server = await startServer({ isolated: false });
const browser = await launchChromium();
const page = await browser.context.newPage();
await page.setViewportSize({ width: 375, height: 800 });
await page.goto(`${server.url}?lang=en`);
await page.evaluate(() => (document.querySelector('conv-lens') as any).ready);
await page.waitForTimeout(1500);
const measure = () => page.evaluate(() => {
  const wide = [...document.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > 376).slice(0, 5).map((e) => e.tagName + '.' + e.className);
  const root = document.querySelector('conv-lens')!.shadowRoot!;
  const inner = [...root.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > 376).slice(0, 8).map((e) => e.tagName + '.' + (e as HTMLElement).className + ' ' + Math.round(e.getBoundingClientRect().right));
  return { scroll: document.documentElement.scrollWidth, wide, inner };
});
console.log('default', JSON.stringify(await measure()));
const bytes = readFileSync('/work/shared/fixtures/pytorch-onnx/mobilenet-v2-torchvision.onnx').toString('base64');
await page.evaluate((b64) => {
  const t = new DataTransfer();
  t.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'm.onnx'));
  document.querySelector('conv-lens')!.shadowRoot!.querySelector('.input-panel')!.dispatchEvent(new DragEvent('drop', { dataTransfer: t, bubbles: true, composed: true, cancelable: true }));
}, bytes);
await page.waitForTimeout(15000);
console.log('mobilenet', JSON.stringify(await measure()));
await browser.close(); await server.close();

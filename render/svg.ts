/**
 * A figure as SVG: its pixels (the same PNG, embedded) under a title, and for a channel
 * figure the colour bar's ticks, all as SVG text, so a slide program draws the labels in
 * its own fonts, Korean included, and they stay editable.
 */
import type { PixelBuffer } from '../src/paint/paint';
import { formatValue } from '../src/languages/i18n';
import { encodePng } from './png';

const FONT = "'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', 'Segoe UI', Helvetica, Arial, sans-serif";
const TITLE_BAND = 44;
const TICKS_WIDTH = 84;

export interface ColourBarTicks {
  /** The bar's right edge and vertical extent in the image's pixels. */
  right: number;
  top: number;
  height: number;
  min: number;
  max: number;
}

/** The SVG document of `image` titled `title`, with tick labels beside the colour bar when given. */
export function figureSvg(image: PixelBuffer, title: string, bar?: ColourBarTicks): string {
  const width = image.width + (bar ? TICKS_WIDTH : 0);
  // Read from the back of a room: the title grows with a wide figure (a 256-filter grid).
  const size = Math.min(40, Math.max(20, Math.round(width / 45)));
  const band = TITLE_BAND - 20 + size;
  const height = image.height + band;
  const png = Buffer.from(encodePng(image)).toString('base64');
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT)}">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${16}" y="${band - 14}" font-size="${size}" fill="#222">${escapeXml(title)}</text>`,
    `<image x="0" y="${band}" width="${image.width}" height="${image.height}" style="image-rendering:pixelated" href="data:image/png;base64,${png}"/>`,
    ...(bar ? ticks(bar, band) : []),
    '</svg>',
    '',
  ];
  return parts.join('\n');
}

/** Five ticks from max (top) to min (bottom), as matplotlib's colour bar reads. */
function ticks(bar: ColourBarTicks, band: number): string[] {
  const out: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const y = band + bar.top + (bar.height * k) / 4;
    const value = bar.max - ((bar.max - bar.min) * k) / 4;
    out.push(`<line x1="${bar.right}" y1="${y}" x2="${bar.right + 6}" y2="${y}" stroke="#222" stroke-width="1.5"/>`);
    out.push(`<text x="${bar.right + 10}" y="${y}" font-size="16" fill="#222" dominant-baseline="middle">${escapeXml(formatValue(value))}</text>`);
  }
  return out;
}

/** Text and attribute values are escaped: layer and model names come from the user's file. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

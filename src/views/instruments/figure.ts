/**
 * Figures as the lecture's matplotlib plots look: a white page, a title, panels side by side
 * (each framed and labelled), a vertical viridis colour bar with its lowest and highest value,
 * drawn at `scale` × the on-screen size and saved as PNG (canvas.toBlob).
 */
import { VIRIDIS, LUT_SIZE } from '../../paint/viridis';

/** Layout in CSS pixels (before `scale`). */
export const FIGURE = { margin: 16, title: 26, subtitle: 20, gap: 14, label: 22, bar: 14, barLabels: 56 } as const;

export interface FigurePanel {
  /** The panel's size on screen, CSS pixels. */
  width: number;
  height: number;
  label: string;
  /** Draws the panel's content into the box (x, y, w, h) of `context` (already scaled). */
  draw(context: CanvasRenderingContext2D, x: number, y: number, w: number, h: number): void;
}

export interface FigureSpec {
  title: string;
  subtitle?: string;
  panels: FigurePanel[];
  /** Labels of the colour bar's ends, or none for a figure without one. */
  bar?: { min: string; max: string };
  scale: number;
}

/** Size of the figure in CSS pixels (the PNG is `scale` times this). */
export function figureSize(spec: Omit<FigureSpec, 'scale'>): { width: number; height: number } {
  const panelsWidth = spec.panels.reduce((sum, p) => sum + Math.round(p.width), 0) + FIGURE.gap * (spec.panels.length - 1);
  const panelsHeight = Math.max(...spec.panels.map((p) => Math.round(p.height)));
  const barWidth = spec.bar ? FIGURE.gap + FIGURE.bar + FIGURE.barLabels : 0;
  const head = FIGURE.title + (spec.subtitle ? FIGURE.subtitle : 0);
  return { width: FIGURE.margin * 2 + panelsWidth + barWidth, height: FIGURE.margin * 2 + head + panelsHeight + FIGURE.label };
}

/** Draws the figure on a new canvas. */
export function drawFigure(spec: FigureSpec): HTMLCanvasElement {
  const { width, height } = figureSize(spec);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * spec.scale);
  canvas.height = Math.round(height * spec.scale);
  const context = canvas.getContext('2d')!;
  context.scale(spec.scale, spec.scale);
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#000000';
  context.textBaseline = 'top';
  context.font = '600 16px sans-serif';
  context.textAlign = 'center';
  const panelsWidth = spec.panels.reduce((sum, p) => sum + Math.round(p.width), 0) + FIGURE.gap * (spec.panels.length - 1);
  context.fillText(spec.title, FIGURE.margin + panelsWidth / 2, FIGURE.margin, width - FIGURE.margin * 2);
  let y = FIGURE.margin + FIGURE.title;
  if (spec.subtitle) {
    context.font = '13px sans-serif';
    context.fillText(spec.subtitle, FIGURE.margin + panelsWidth / 2, y, width - FIGURE.margin * 2);
    y += FIGURE.subtitle;
  }
  const panelsHeight = Math.max(...spec.panels.map((p) => Math.round(p.height)));
  let x = FIGURE.margin;
  for (const panel of spec.panels) {
    const w = Math.round(panel.width);
    const h = Math.round(panel.height);
    panel.draw(context, x, y, w, h);
    frame(context, x, y, w, h);
    context.font = '12px sans-serif';
    context.fillStyle = '#000000';
    context.fillText(panel.label, x + w / 2, y + panelsHeight + 6, w + FIGURE.gap);
    x += w + FIGURE.gap;
  }
  if (spec.bar) drawBar(context, x, y, panelsHeight, spec.bar);
  return canvas;
}

function frame(context: CanvasRenderingContext2D, x: number, y: number, w: number, h: number): void {
  context.strokeStyle = '#000000';
  context.lineWidth = 1;
  context.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
}

/** The vertical colour bar: max at the top, min at the bottom, as matplotlib's colorbar. */
function drawBar(context: CanvasRenderingContext2D, x: number, y: number, h: number, labels: { min: string; max: string }): void {
  for (let i = 0; i < h; i++) {
    const t = 1 - (i + 0.5) / h;
    const k = Math.min(LUT_SIZE - 1, Math.floor(t * LUT_SIZE)) * 3;
    context.fillStyle = `rgb(${VIRIDIS[k]}, ${VIRIDIS[k + 1]}, ${VIRIDIS[k + 2]})`;
    context.fillRect(x, y + i, FIGURE.bar, 1);
  }
  frame(context, x, y, FIGURE.bar, h);
  context.fillStyle = '#000000';
  context.font = '11px sans-serif';
  context.textAlign = 'left';
  context.textBaseline = 'top';
  context.fillText(labels.max, x + FIGURE.bar + 4, y, FIGURE.barLabels - 4);
  context.textBaseline = 'bottom';
  context.fillText(labels.min, x + FIGURE.bar + 4, y + h, FIGURE.barLabels - 4);
  context.textBaseline = 'top';
  context.textAlign = 'center';
}

/** RGBA pixels drawn into a box, nearest (matshow) or smoothed (a heatmap upsampled), at `alpha`. */
export function drawPixels(
  context: CanvasRenderingContext2D, pixels: { width: number; height: number; data: Uint8ClampedArray },
  box: [number, number, number, number], smooth = false, alpha = 1,
): void {
  const source = document.createElement('canvas');
  source.width = pixels.width;
  source.height = pixels.height;
  source.getContext('2d')!.putImageData(new ImageData(pixels.data as Uint8ClampedArray<ArrayBuffer>, pixels.width, pixels.height), 0, 0);
  context.save();
  context.imageSmoothingEnabled = smooth;
  context.globalAlpha = alpha;
  context.drawImage(source, ...box);
  context.restore();
}

/** The figure as a PNG, then offered as a download named `name`. */
export async function downloadFigure(spec: FigureSpec, name: string): Promise<Blob> {
  const canvas = drawFigure(spec);
  const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return blob;
}

/** A file name from a layer name and parts: letters, digits, '-', '_' only. */
export function fileName(...parts: (string | number)[]): string {
  return `${parts.join('-').replace(/[^\p{L}\p{N}_-]+/gu, '_')}.png`;
}

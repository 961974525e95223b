/**
 * The words on the figures and in the summary, in Korean or English. Where the widget
 * already says the same thing (src/i18n.ts), its own wording is used.
 */
import { MESSAGES, formatValue, type Lang } from '../src/languages/i18n';

/** Keras' shape notation: (None, 30, 30, 32). */
export function kerasShape(shape: readonly (number | null)[]): string {
  return `(${shape.map((d) => (d === null || d === undefined ? 'None' : d)).join(', ')})`;
}

export function labels(lang: Lang) {
  const t = MESSAGES[lang];
  const ko = lang === 'ko';
  return {
    t,
    input: (width: number, height: number) => t.modelInput(width, height),
    grid: (layer: string, shape: readonly (number | null)[], channels: number) =>
      ko ? `${layer} ${kerasShape(shape)}: 필터 ${channels}개` : `${layer} ${kerasShape(shape)}: ${channels} filters`,
    channel: (layer: string, channel: number, channels: number) => t.zoomTitle(layer, channel, channels),
    colourBar: (min: number, max: number) => t.colourBar(formatValue(min), formatValue(max)),
    gradcam: (className: string, layer: string) =>
      ko ? `Grad-CAM: ${className} (${layer}의 맵으로)` : `Grad-CAM: ${className} (from ${layer}'s maps)`,
  };
}

export type Labels = ReturnType<typeof labels>;

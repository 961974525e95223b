/**
 * Reading <conv-lens> attributes, and the details its events carry: what a page author
 * writes in HTML and listens to, kept apart from the element's behaviour.
 */
import type { ClassScore, ExplainResult, ModelSummary } from '../../worker/contract';
import { NORMALIZE_MODES, type Normalize } from '../paint/paint';

export interface LayerEventDetail { name: string; index: number; shape: number[]; ms: number }
export interface DoneEventDetail { ms: number; top: ClassScore[] }
/** The default model: the lecture's CIFAR-10 CNN, beside convlens.js. */
export const DEFAULT_MODEL = './models/cifar10/model.json';
/** What el.explain() resolves to: the Grad-CAM map raw (not normalised, not upsampled), its layer and class. */
export type ExplainDetail = Pick<ExplainResult, 'layer' | 'classIndex' | 'className' | 'shape' | 'map'>;
/** What el.compare() resolves to: photo B's name, top classes and layers. */
export interface CompareDetail { name: string; top: ClassScore[]; layers: { name: string; shape: number[] }[] }
/** `message` is the specific detail, `headline` the translated summary, `code` the stable error code (or null). */
export interface ErrorEventDetail { message: string; headline: string; code: string | null }
export interface BackendSummary { backend: 'wasm' | 'cpu'; simd: boolean; threads: number }
/** `convlens:ready`: the backend that runs and the layers that will be drawn. */
export interface ReadyEventDetail { backend: BackendSummary | null; layers: string[] }

/** `normalize`: channel (default, like plt.matshow) | layer | global. */
export function normalizeAttribute(value: string | null): Normalize {
  return NORMALIZE_MODES.includes(value as Normalize) ? (value as Normalize) : 'channel';
}

/** `columns`: tiles per row, a positive integer; null (absent or not a positive integer) lets the rows fit the widget's width. */
export function columnsAttribute(value: string | null): number | null {
  const n = Number(value);
  return value !== null && value.trim() !== '' && Number.isInteger(n) && n > 0 ? n : null;
}

/**
 * `layers`: names separated by commas or spaces; none means the summary's default (every
 * conv and pooling layer). Names that are not drawable layers come back as `unknown`.
 */
export function layersAttribute(value: string | null, summary: ModelSummary): { layers: string[]; unknown: string[] } {
  const asked = (value ?? '').split(/[\s,]+/).filter(Boolean);
  if (asked.length === 0) return { layers: summary.defaultLayers, unknown: [] };
  const drawable = new Set(summary.rows.filter((row) => row.drawable).map((row) => row.name));
  return { layers: asked.filter((name) => drawable.has(name)), unknown: asked.filter((name) => !drawable.has(name)) };
}

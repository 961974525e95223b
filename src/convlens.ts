/**
 * convlens: `<script type="module" src=".../convlens.js">` registers <conv-lens> (once,
 * even if the script is included twice) and exports the element's API types.
 */
import { ConvLensElement } from './element/element';
import type { DoneEventDetail, ErrorEventDetail, LayerEventDetail, ReadyEventDetail } from './element/attributes';
import { prestartWorker } from './element/worker-client';

export const TAG = 'conv-lens';

if (typeof customElements !== 'undefined' && !customElements.get(TAG)) {
  // The worker first: its script downloads and compiles while the elements upgrade.
  if (typeof document !== 'undefined') prestartWorker();
  customElements.define(TAG, ConvLensElement);
}

export { ConvLensElement };
export type { LayerEventDetail, DoneEventDetail, ErrorEventDetail, ReadyEventDetail, BackendSummary, CompareDetail } from './element/attributes';
export type { ClassScore } from '../worker/contract';
export type { ActivationRecord } from './views/layers-view';
export type { WidgetSource } from './inputs/sources';
export type { Normalize } from './paint/paint';
export type { Lang } from './languages/i18n';

/** The widget's events (they bubble and cross shadow roots, so every element may hear them). */
export interface ConvLensEventMap {
  'convlens:ready': CustomEvent<ReadyEventDetail>;
  'convlens:layer': CustomEvent<LayerEventDetail>;
  'convlens:done': CustomEvent<DoneEventDetail>;
  'convlens:error': CustomEvent<ErrorEventDetail>;
}

declare global {
  interface HTMLElementTagNameMap {
    'conv-lens': ConvLensElement;
  }
  interface HTMLElementEventMap extends ConvLensEventMap {}
}

/**
 * convlens: `<script type="module" src=".../convlens.js">` registers <conv-lens> (once,
 * even if the script is included twice) and exports the element's API types.
 */
import { ConvLensElement } from './element';

export const TAG = 'conv-lens';

if (typeof customElements !== 'undefined' && !customElements.get(TAG)) {
  customElements.define(TAG, ConvLensElement);
}

export { ConvLensElement };
export type { LayerEventDetail, DoneEventDetail, ErrorEventDetail, BackendSummary } from './attributes';
export type { ActivationRecord } from './layers-view';
export type { WidgetSource } from './sources';
export type { Normalize } from './paint';
export type { Lang } from './i18n';

declare global {
  interface HTMLElementTagNameMap {
    'conv-lens': ConvLensElement;
  }
}

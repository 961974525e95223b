/**
 * The widget's styles, scoped by its shadow root. Sizes follow the widget's own width
 * (container queries), from 320 px phones to desktops; colours follow
 * `prefers-color-scheme`. Every inherited property is set on `.frame`, inside the shadow
 * root, so a page's CSS (which can reach the host element, and what inherits from it) cannot
 * restyle the widget. The rules live in styles/, one file per part of the widget.
 */
import { FRAME_STYLES } from './styles/frame';
import { PANELS_STYLES } from './styles/panels';
import { GRIDS_STYLES } from './styles/grids';
import { DIALOGS_STYLES } from './styles/dialogs';
import { NARROW_STYLES } from './styles/narrow';

export const STYLES = [FRAME_STYLES, PANELS_STYLES, GRIDS_STYLES, DIALOGS_STYLES, NARROW_STYLES].join('\n');

let shared: CSSStyleSheet | null = null;

/**
 * Gives `root` the styles as a constructed style sheet (one for all widgets), which a
 * Content-Security-Policy without 'unsafe-inline' styles still allows; a <style> element
 * where constructed sheets are missing.
 */
export function applyStyles(root: ShadowRoot): void {
  const constructable = typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype && 'adoptedStyleSheets' in root;
  if (constructable) {
    try {
      if (!shared) {
        shared = new CSSStyleSheet();
        shared.replaceSync(STYLES);
      }
      root.adoptedStyleSheets = [shared];
      return;
    } catch {
      shared = null;
    }
  }
  const style = root.ownerDocument.createElement('style');
  style.textContent = STYLES;
  root.append(style);
}

/**
 * convlens-lazy.js: the widget for a course page in one line that does not hold the page's
 * load event (after-load.ts says why that matters on a slow device):
 *
 *   <script type="module" src="https://CDN/npm/convlens@0.1.0/dist/convlens-lazy.js"></script>
 *
 * It imports convlens.js beside it once the page has loaded; until then <conv-lens> is an
 * undefined element (script that calls it waits: `await customElements.whenDefined('conv-lens')`).
 * It exports nothing, so a bundler user imports the package itself.
 */
import { importWidgetAfterLoad } from './after-load';

importWidgetAfterLoad(document);

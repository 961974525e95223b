/**
 * A comparison inside a layer's grid: each tile becomes photo A's map beside photo B's for
 * the same filter (and A − B on request), both on one colour range per pair: the union of
 * A's and B's ranges under the normalisation in use (each filter, each layer, all layers).
 */
import type { LayerResult } from '../../../../worker/contract';
import { panelOrigin } from '../../../paint/layout';
import { channelRanges, fromLayerStats, paintChannel, type Normalize, type Range } from '../../../paint/paint';
import { VIRIDIS } from '../../../paint/viridis';
import { differenceMax, paintDifference } from '../../../paint/compare-paint';
import { formatValue } from '../../../languages/i18n';
import type { TileExtra } from '../../tile-extras';
import type { InstrumentMessages } from '../messages';

export interface CompareTilesOptions {
  /** Photo B's result for the grid's layer. */
  b: LayerResult;
  difference: boolean;
  normalize(): Normalize;
  /** The range over every layer of photo B (normalize = global). */
  bGlobal: Range;
  messages(): InstrumentMessages;
}

/** Each pair's range: A's own (as the grid colours it) joined with B's under the same mode. */
export function pairRanges(own: readonly Range[], bRanges: readonly Range[]): Range[] {
  return own.map((a, k) => {
    const b = bRanges[k] ?? a;
    return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
  });
}

export function compareTiles(options: CompareTilesOptions): TileExtra {
  const { b, difference } = options;
  const bStats = fromLayerStats(b.stats);
  const marks = difference ? ['A', 'B', 'A−B'] : ['A', 'B'];
  return {
    panels: marks.length,
    marks,
    ranges: (own) => pairRanges(own, channelRanges(bStats, options.normalize(), options.bGlobal)),
    paint(target, layout, from, to, origin, ranges, a) {
      for (let i = from; i < Math.min(to, layout.count); i++) {
        const at = panelOrigin(layout, i, 1);
        paintChannel(target, b, i, ranges[i], at.x - origin.x, at.y - origin.y, layout.scale, VIRIDIS, layout.step);
        if (!difference) continue;
        const d = panelOrigin(layout, i, 2);
        paintDifference(target, a, b, i, differenceMax(a, b, i), d.x - origin.x, d.y - origin.y, layout.scale, layout.step);
      }
    },
    label(i, own) {
      const s = bStats[i];
      return s ? options.messages().comparePairName(own, formatValue(s.max), Math.round(s.zeroFraction * 100)) : null;
    },
  };
}

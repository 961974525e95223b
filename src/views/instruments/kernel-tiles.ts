/**
 * The first layer's kernels beside its maps: each filter's k×k weights as a small RGB (or
 * grey) picture in the box the grid kept for it from the start, so drawing them moves
 * nothing. Painted in the grid's own steps, into its atlas canvas.
 */
import { kernelOrigin } from '../../paint/layout';
import type { TileExtra } from '../tile-extras';
import { filterTile, maxAbs, type Kernel } from './kernels';

/**
 * The kernels' extra. It leaves the tiles' names as they are: the weights are named one by
 * one in the larger strip ("Filters (weights)"), whose tiles are focusable images.
 */
export function kernelTiles(kernel: Kernel): TileExtra {
  const [kh, kw, , cout] = kernel.shape;
  const max = maxAbs(kernel.data);
  return {
    paint(target, layout, from, to, origin) {
      if (layout.side <= 0) return;
      const block = Math.max(1, Math.floor(layout.side / Math.max(kh, kw)));
      for (let i = from; i < Math.min(to, layout.count, cout); i++) {
        const tile = filterTile(kernel, i, max);
        const { x, y } = kernelOrigin(layout, i);
        for (let row = 0; row < kh * block; row++) {
          let p = ((y - origin.y + row) * target.width + x - origin.x) * 4;
          for (let col = 0; col < kw * block; col++, p += 4) {
            const q = (Math.floor(row / block) * kw + Math.floor(col / block)) * 4;
            target.data.set(tile.data.subarray(q, q + 4), p);
          }
        }
      }
    },
  };
}

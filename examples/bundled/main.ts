/**
 * A course site with a build step: `npm install convlens`, import it once, and the page's
 * <conv-lens> elements come alive; everything here is typed (el.run, el.activations, the
 * events' details). Build: see README.md beside this file.
 */
import 'convlens';
import type { LayerEventDetail } from 'convlens';

const lens = document.querySelector('conv-lens')!;
const log = document.querySelector('#log')!;

lens.addEventListener('convlens:layer', (event) => {
  const { name, shape, ms }: LayerEventDetail = event.detail;
  log.append(`${name} ${shape.slice(1).join('×')} (${ms.toFixed(1)} ms)\n`);
});

lens.addEventListener('convlens:error', (event) => {
  log.append(`${event.detail.headline} ${event.detail.message}\n`);
});

// A button of the course page runs another photo and reports the strongest filter of conv2d.
document.querySelector('#run-astronaut')?.addEventListener('click', async () => {
  const { top } = await lens.run('samples/astronaut.png');
  const [conv2d] = await lens.activations();
  const channels = conv2d.shape[3];
  const sums = new Float32Array(channels);
  conv2d.data.forEach((value, i) => (sums[i % channels] += value));
  log.append(`top: ${top[0].name} (${top[0].probability.toFixed(2)}); strongest conv2d filter: ${sums.indexOf(Math.max(...sums))}\n`);
});

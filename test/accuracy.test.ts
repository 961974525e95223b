/**
 * End-to-end accuracy: the converted default model, run by the project's own engine (the
 * worker's code on the WASM kernels), on the 10,000 CIFAR-10 test images must reach the
 * accuracy that ../shared/models/README.md states for cifar10.h5 (80.94 %), within 0.3 points.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_MODEL_URL, loadFromDisk, useBackend } from './helpers/node-engine';
import { sharedPath } from './helpers/shared';
import { readCifar, toFloat } from './helpers/cifar';
import { execute } from '../worker/engine/execute';

const STATED_ACCURACY = 80.94;
const testBatch = sharedPath('data/cifar-10-batches-bin/test_batch.bin');

if (!testBatch) {
  console.log('SKIP accuracy: ../shared/data/cifar-10-batches-bin/test_batch.bin is not present');
} else {
  test(`reaches ${STATED_ACCURACY} % ± 0.3 on the 10,000 CIFAR-10 test images`, async () => {
    await useBackend('wasm');
    const loaded = await loadFromDisk(new URL(DEFAULT_MODEL_URL));
    const images = readCifar(testBatch);
    let correct = 0;
    for (const image of images) {
      const prediction = await execute(loaded, toFloat(image.hwc, loaded.metadata.pixelScale), {
        layers: [], probabilities: true, rowIndex: new Map(), isCancelled: () => false, onLayer: () => {},
      });
      if (prediction!.top[0].index === image.label) correct++;
    }
    const accuracy = (100 * correct) / images.length;
    console.log(`  accuracy ${accuracy.toFixed(2)} % (${correct} / ${images.length})`);
    assert.is(images.length, 10000);
    assert.ok(Math.abs(accuracy - STATED_ACCURACY) <= 0.3, `accuracy ${accuracy}`);
  });
}
test.run();

/** Preprocessing as Keras' load_img + img_to_array does it (PIL nearest, RGB, float32 HWC). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nearestIndices, resizeNearest, toModelInput } from '../worker/image/resize';

/** A handmade w×h RGBA image whose red channel is the pixel's x, green its y, blue x+10y. */
function handmade(width: number, height: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rgba.set([x, y, x + 10 * y, 255], (y * width + x) * 4);
  }
  return rgba;
}

const Indices = suite('nearestIndices');

Indices('maps 7 → 3 to columns 1, 3, 5 (floor((i + 0.5) · 7/3))', () => {
  assert.equal(Array.from(nearestIndices(7, 3)), [1, 3, 5]);
});

Indices('maps 5 → 2 to rows 1, 3', () => {
  assert.equal(Array.from(nearestIndices(5, 2)), [1, 3]);
});

Indices('agrees with floor((i + 0.5) · in / out) for every size pair up to 64 → 32, except exact ties', () => {
  for (let input = 1; input <= 64; input++) {
    for (let output = 1; output <= 32; output++) {
      const indices = nearestIndices(input, output);
      for (let i = 0; i < output; i++) {
        const numerator = (2 * i + 1) * input;
        if (numerator % (2 * output) === 0) continue; // a tie: see the next test
        assert.is(indices[i], Math.floor(numerator / (2 * output)), `${input} → ${output}, index ${i}`);
      }
    }
  }
});

Indices('at an exact tie follows PIL, which accumulates the step in doubles (2 → 7: output 3 reads source 0)', () => {
  // Pillow's ImagingScaleAffine: xo = 0.5·a0, then xo += a0 per column; 0.5·(2/7) + 3·(2/7) lands just under 1.
  assert.equal(Array.from(nearestIndices(2, 7)), [0, 0, 0, 0, 1, 1, 1]);
});

Indices.run();

const Resize = suite('resizeNearest');

Resize('resizes a handmade 7×5 image to 3×2 picking PIL pixels, aspect ratio not kept', () => {
  const out = resizeNearest(handmade(7, 5), 7, 5, 3, 2);
  const picked = [];
  for (let p = 0; p < 6; p++) picked.push([out[p * 4], out[p * 4 + 1]]);
  assert.equal(picked, [[1, 1], [3, 1], [5, 1], [1, 3], [3, 3], [5, 3]]);
});

Resize('upscales 2×2 to 4×4 by repeating pixels', () => {
  const out = resizeNearest(handmade(2, 2), 2, 2, 4, 4);
  const reds = Array.from({ length: 16 }, (_, p) => out[p * 4]);
  assert.equal(reds, [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]);
});

Resize('reads a decoder\'s BGRA, BGRX and RGBX bytes as the same RGBA (X: opaque, whatever its padding byte)', () => {
  const rgba = handmade(7, 5);
  for (let p = 0; p < 35; p++) rgba[p * 4 + 3] = 40 + p; // a real alpha per pixel
  const expected = resizeNearest(rgba, 7, 5, 3, 2);
  // The same pixels laid out as ImageDecoder's VideoFrame gives them, reordered here by hand.
  const reorder = (order: number[], padding: boolean) => Uint8Array.from({ length: rgba.length }, (_, i) => {
    const source = (i & ~3) + order[i & 3];
    return padding && (i & 3) === 3 ? 7 : rgba[source];
  });
  const opaque = Uint8ClampedArray.from(expected, (v, i) => ((i & 3) === 3 ? 255 : v));
  assert.equal(Array.from(resizeNearest(reorder([2, 1, 0, 3], false), 7, 5, 3, 2, 'BGRA')), Array.from(expected));
  assert.equal(Array.from(resizeNearest(reorder([2, 1, 0, 3], true), 7, 5, 3, 2, 'BGRX')), Array.from(opaque));
  assert.equal(Array.from(resizeNearest(reorder([0, 1, 2, 3], true), 7, 5, 3, 2, 'RGBX')), Array.from(opaque));
});

Resize.run();

const Input = suite('toModelInput');

Input('keeps R, G, B in HWC order, drops alpha and applies the pixel scale', () => {
  const rgba = new Uint8ClampedArray([10, 20, 30, 0, 255, 0, 128, 77]);
  assert.equal(Array.from(toModelInput(rgba, 3, 1)), [10, 20, 30, 255, 0, 128]);
  const scaled = toModelInput(rgba, 3, 1 / 255);
  assert.ok(Math.abs(scaled[3] - 1) < 1e-7);
});

Input("converts to one channel with PIL's convert('L') luma", () => {
  // PIL: L = R·299/1000 + G·587/1000 + B·114/1000, rounded; (255, 0, 0) → 76, (0, 255, 0) → 150, (0, 0, 255) → 29.
  const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]);
  assert.equal(Array.from(toModelInput(rgba, 1, 1)), [76, 150, 29, 255]);
});

Input('mean and std per channel after the scale, in float32 as torchvision (ToTensor, then Normalize)', () => {
  const mean = [0.485, 0.456, 0.406];
  const std = [0.229, 0.224, 0.225];
  const rgba = new Uint8ClampedArray([0, 128, 255, 255, 17, 200, 3, 0]);
  const got = toModelInput(rgba, 3, 1 / 255, { mean, std });
  const f = Math.fround;
  // ToTensor: float32(byte / 255); Normalize: (x - mean) / std with float32 mean/std.
  const want = [0, 128, 255, 17, 200, 3].map((byte, i) => f(f(f(byte / 255) - f(mean[i % 3])) / f(std[i % 3])));
  assert.equal(Array.from(got), want);
  assert.equal(Array.from(toModelInput(rgba, 3, 1, {})), [0, 128, 255, 17, 200, 3], 'no normalisation: the scaled pixels as before');
  assert.equal(Array.from(toModelInput(new Uint8ClampedArray([255, 255, 255, 255]), 1, 1, { mean: [100], std: [2] })), [77.5]);
});

Input.run();

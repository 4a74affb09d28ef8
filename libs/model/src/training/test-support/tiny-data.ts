import { modelConfig, type ModelConfig } from '../../resnet/model-config';
import type { ImageSet } from '../batches';
import { seededRandom } from '../seeded-random';

/** A tiny ResNet for specs: basic blocks 1-1-1-1, widths 4-4-8-8, 16x16x1. */
export function tinyConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return modelConfig('small', {
    inputShape: [16, 16, 1],
    widths: [4, 4, 8, 8],
    stem: { filters: 4, kernel: 3, stride: 2, pool: false },
    ...overrides,
  });
}

/** `count` seeded noise images; label 1 images carry a bright square, so a tiny net can learn them. */
export function tinyImageSet(count: number, seed: string, size = 16): ImageSet {
  const random = seededRandom(seed);
  const images = new Float32Array(count * size * size);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 2;
    for (let p = 0; p < size * size; p++) images[i * size * size + p] = random() * 0.5;
    if (labels[i]) {
      const at = Math.floor(random() * (size - 6));
      for (let y = at; y < at + 5; y++) for (let x = at; x < at + 5; x++) images[i * size * size + y * size + x] += 0.6;
    }
  }
  return { images, labels, shape: [size, size, 1] };
}

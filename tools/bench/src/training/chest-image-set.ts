import { generateChestStudies, type Conspicuity } from '@triage/sample-data';
import type { ImageSet } from '@triage/model';

/**
 * Synthetic chest radiographs as a model input set: rendered at `renderSize`, windowed to [0, 1]
 * by the file's window and area-averaged to `size` (what preprocess does, without the DICOM round
 * trip); label 1 is pneumonia.
 */
export function chestImageSet(options: {
  count: number;
  seed: string;
  size: number;
  renderSize?: number;
  startIndex?: number;
  /** The generator's opacity conspicuity (default `varied`). */
  conspicuity?: Conspicuity;
}): ImageSet {
  const render = options.renderSize ?? options.size * 2;
  if (render % options.size) throw new RangeError(`render size ${render} is not a multiple of ${options.size}`);
  const factor = render / options.size;
  const row = options.size * options.size;
  const images = new Float32Array(options.count * row);
  const labels = new Int32Array(options.count);
  let i = 0;
  const generator = {
    count: options.count,
    seed: options.seed,
    size: render,
    startIndex: options.startIndex,
    conspicuity: options.conspicuity,
  };
  for (const study of generateChestStudies(generator)) {
    const { pixels, window, rescaleSlope, rescaleIntercept } = study.frame;
    const low = window.center - window.width / 2;
    for (let y = 0; y < options.size; y++) {
      for (let x = 0; x < options.size; x++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++)
          for (let dx = 0; dx < factor; dx++) {
            const value = pixels[(y * factor + dy) * render + x * factor + dx] * rescaleSlope + rescaleIntercept;
            sum += Math.min(1, Math.max(0, (value - low) / window.width));
          }
        images[i * row + y * options.size + x] = sum / (factor * factor);
      }
    }
    labels[i] = study.label === 'pneumonia' ? 1 : 0;
    i++;
  }
  return { images, labels, shape: [options.size, options.size, 1] };
}

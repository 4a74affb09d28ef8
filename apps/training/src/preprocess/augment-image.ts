import { SeededRandom } from './seeded-random';

/** How far the training copies may move from the original. */
export interface AugmentOptions {
  /** Largest rotation either way, degrees. */
  maxRotationDeg: number;
  /** Zoom drawn in [1 - maxZoom, 1 + maxZoom]. */
  maxZoom: number;
  /** Largest shift either way, as a share of the side. */
  maxShift: number;
  /** Mirror left-right half of the time (off by default: see below). */
  flip: boolean;
}

/**
 * Chest radiographs are taken upright, centred and collimated: positioning varies by a few degrees,
 * the patient's size and the source distance change the scale by about a tenth, and the centre by
 * a few percent, so those are what the copies vary. No left-right flip by default: the heart and
 * the aortic knob are on the left in all but rare patients, and a flipped film teaches anatomy
 * that does not occur; no vertical flip or large rotation for the same reason. Contrast is already
 * normalised by the window, so intensity is left alone.
 */
export const CHEST_AUGMENTATION: AugmentOptions = { maxRotationDeg: 7, maxZoom: 0.1, maxShift: 0.04, flip: false };

/**
 * A transformed copy of a square image (values in [0, 1]): rotation about the centre, zoom and
 * shift drawn from `random`, sampled bilinearly; what comes from outside the image is 0, as a
 * collimated border is. Returns the copy and the transform in words (the item's `augmentation`).
 */
export function augmentImage(
  image: Float32Array,
  size: number,
  random: SeededRandom,
  options: AugmentOptions = CHEST_AUGMENTATION,
): { image: Float32Array; augmentation: string } {
  const degrees = random.between(-options.maxRotationDeg, options.maxRotationDeg);
  const zoom = random.between(1 - options.maxZoom, 1 + options.maxZoom);
  const dx = random.between(-options.maxShift, options.maxShift) * size;
  const dy = random.between(-options.maxShift, options.maxShift) * size;
  const flip = options.flip && random.next() < 0.5;
  const angle = (degrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const centre = (size - 1) / 2;
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Inverse mapping: where in the source this output pixel comes from.
      const ox = (flip ? size - 1 - x : x) - centre - dx;
      const oy = y - centre - dy;
      const sx = (cos * ox + sin * oy) / zoom + centre;
      const sy = (-sin * ox + cos * oy) / zoom + centre;
      out[y * size + x] = bilinear(image, size, sx, sy);
    }
  }
  const augmentation = `rotate=${degrees.toFixed(2)}deg zoom=${zoom.toFixed(3)} shift=${dx.toFixed(1)},${dy.toFixed(1)}px${flip ? ' flip' : ''}`;
  return { image: out, augmentation };
}

function bilinear(image: Float32Array, size: number, x: number, y: number): number {
  if (x < 0 || y < 0 || x > size - 1 || y > size - 1) return 0;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const x1 = Math.min(x0 + 1, size - 1);
  const y1 = Math.min(y0 + 1, size - 1);
  const tx = x - x0;
  const ty = y - y0;
  const top = image[y0 * size + x0] * (1 - tx) + image[y0 * size + x1] * tx;
  const bottom = image[y1 * size + x0] * (1 - tx) + image[y1 * size + x1] * tx;
  return top * (1 - ty) + bottom * ty;
}

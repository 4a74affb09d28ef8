/** Statistics of one model input (values in [0,1] after the training preprocessing). */
export interface ImageFeatures {
  inputMean: number;
  inputStd: number;
  inputP05: number;
  inputP50: number;
  inputP95: number;
}

/** The feature names in the order every table, reference and result lists them. */
export const IMAGE_FEATURE_NAMES: readonly (keyof ImageFeatures)[] = ['inputMean', 'inputStd', 'inputP05', 'inputP50', 'inputP95'];

/**
 * Mean, population standard deviation and the 5th, 50th and 95th percentiles (linear interpolation
 * between order statistics) of a model input. Intensity shifts a scanner or a protocol change brings
 * (inverted grey scale, another window, a rescale) move these before they move the model's scores.
 */
export function imageFeatures(input: Float32Array): ImageFeatures {
  const n = input.length;
  if (n === 0) throw new RangeError('imageFeatures: the input is empty');
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = input[i];
    if (!Number.isFinite(v)) throw new RangeError(`imageFeatures: value ${v} at ${i} is not finite`);
    sum += v;
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (input[i] - mean) ** 2;
  // A copy: the caller's tensor stays as it was. Typed arrays sort numerically.
  const sorted = Float32Array.from(input).sort();
  return {
    inputMean: mean,
    inputStd: Math.sqrt(squares / n),
    inputP05: percentile(sorted, 0.05),
    inputP50: percentile(sorted, 0.5),
    inputP95: percentile(sorted, 0.95),
  };
}

/** The q-quantile of sorted values, interpolated between the two nearest order statistics (R's type 7). */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

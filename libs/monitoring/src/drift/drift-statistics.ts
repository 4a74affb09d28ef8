/** Decile bins: the reference's 10th, 20th, ... 90th percentiles cut the line into ten bins. */
export const REFERENCE_BINS = 10;

/**
 * Upper bin edges from sorted reference values: the lower empirical quantile (a value of the sample)
 * at 1/bins, 2/bins, ... Ties give the same edge more than once; it is kept once, so a constant
 * feature has a single edge and two bins (at the value, above it) instead of empty slivers.
 */
export function binEdges(sorted: readonly number[], bins = REFERENCE_BINS): number[] {
  if (sorted.length === 0) throw new RangeError('binEdges: no values');
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const edge = sorted[Math.ceil((k * sorted.length) / bins) - 1];
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  return edges;
}

/** The bin of a value: bin i holds (edges[i-1], edges[i]], the first everything up to edges[0], the last everything above the last edge. */
export function binOf(edges: readonly number[], value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (edges[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Counts per bin of `values` (edges.length + 1 bins). */
export function binCounts(edges: readonly number[], values: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) counts[binOf(edges, v)]++;
  return counts;
}

/**
 * Population stability index of `values` against reference proportions over the same bins:
 * sum of (window - reference) * ln(window / reference). An empty bin on either side counts as half
 * an observation of the larger sample, so the index stays finite and two identical samples give 0.
 */
export function populationStabilityIndex(
  edges: readonly number[],
  referenceProportions: readonly number[],
  referenceSize: number,
  values: readonly number[],
): number {
  if (referenceProportions.length !== edges.length + 1)
    throw new RangeError(`psi: ${edges.length} edges need ${edges.length + 1} proportions, not ${referenceProportions.length}`);
  if (values.length === 0) throw new RangeError('psi: no values');
  const epsilon = 0.5 / Math.max(referenceSize, values.length);
  const counts = binCounts(edges, values);
  let psi = 0;
  for (let i = 0; i < counts.length; i++) {
    const actual = Math.max(counts[i] / values.length, epsilon);
    const expected = Math.max(referenceProportions[i], epsilon);
    psi += (actual - expected) * Math.log(actual / expected);
  }
  return psi;
}

/**
 * Two-sample Kolmogorov–Smirnov statistic: the largest gap between the two empirical distribution
 * functions. Tied values are stepped over together, so equal samples give 0 however many ties.
 */
export function ksStatistic(sortedReference: readonly number[], values: readonly number[]): number {
  if (sortedReference.length === 0 || values.length === 0) throw new RangeError('ks: an empty sample');
  const other = [...values].sort((a, b) => a - b);
  const n = sortedReference.length;
  const m = other.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const x = Math.min(sortedReference[i], other[j]);
    while (i < n && sortedReference[i] === x) i++;
    while (j < m && other[j] === x) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  return d;
}

/** Chi-square 99.9th percentiles for 1..9 degrees of freedom (bins - 1). */
const CHI_SQUARE_999 = [10.828, 13.816, 16.266, 18.467, 20.515, 22.458, 24.322, 26.124, 27.877];
/** c(alpha) of the two-sample KS test at alpha = 0.001: sqrt(-ln(alpha / 2) / 2). */
const KS_C_999 = Math.sqrt(-Math.log(0.001 / 2) / 2);

/**
 * The PSI two samples of these sizes from one distribution stay under 999 times in 1000: PSI is
 * then about (1/n + 1/m) times a chi-square with bins - 1 degrees of freedom (Yurdakul 2018). With
 * a 45-image reference and a 50-image window it is 1.18: a fixed 0.25 would cry drift on almost every
 * unshifted window (60 of 60 windows of synthetic radiographs did, in the README).
 */
export function psiNoiseFloor(bins: number, referenceSize: number, windowSize: number): number {
  const df = Math.min(Math.max(bins - 1, 1), CHI_SQUARE_999.length);
  return CHI_SQUARE_999[df - 1] * (1 / referenceSize + 1 / windowSize);
}

/** The KS statistic two samples of these sizes from one distribution stay under 999 times in 1000 (asymptotic critical value). */
export function ksNoiseFloor(referenceSize: number, windowSize: number): number {
  return KS_C_999 * Math.sqrt((referenceSize + windowSize) / (referenceSize * windowSize));
}

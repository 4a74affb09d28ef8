/** Median and 90th percentile of a measurement over the runs, and how many runs had it. */
export interface Summary {
  median: number;
  p90: number;
  /** Runs that produced a value (a run may miss one: no prefix image when the viewer fetched whole frames). */
  count: number;
}

/**
 * Summarises the values of one measurement: NaN and undefined (a run that did not reach the event) are left
 * out and counted as missing; median and p90 by nearest rank on the sorted values, NaN when none are left.
 */
export function summarise(values: readonly (number | undefined)[]): Summary {
  const sorted = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: NaN, p90: NaN, count: 0 };
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  const mid = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, p90: rank(0.9), count: sorted.length };
}

/** ours / theirs, NaN when either is missing or theirs is 0. */
export function ratio(ours: number, theirs: number): number {
  return Number.isFinite(ours) && Number.isFinite(theirs) && theirs !== 0 ? ours / theirs : NaN;
}

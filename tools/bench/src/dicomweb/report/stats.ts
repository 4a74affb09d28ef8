/** A figure measured in several runs: the median that is reported and the range it came from. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** The median of the values (the mean of the middle two for an even count); NaN for none. NaN values are skipped. */
export function median(values: number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median, lowest and highest of the runs' values; undefined when no run gave a number. */
export function spread(values: number[]): Spread | undefined {
  const numbers = values.filter((v) => !Number.isNaN(v));
  if (numbers.length === 0) return undefined;
  return { median: median(numbers), min: Math.min(...numbers), max: Math.max(...numbers), runs: numbers.length };
}

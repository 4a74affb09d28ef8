/** A linear map from a data domain to a pixel range; an empty domain maps to the range's start. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): (value: number) => number {
  const span = domain[1] - domain[0];
  return (value) => (span === 0 ? range[0] : range[0] + ((value - domain[0]) / span) * (range[1] - range[0]));
}

/** Tick values along an axis: whole numbers only when `integer` (epochs), else `count` equal steps. */
export function ticks(domain: readonly [number, number], count: number, integer = false): number[] {
  const span = domain[1] - domain[0];
  if (span <= 0) return [domain[0]];
  if (integer) {
    const step = Math.max(1, Math.ceil(span / count));
    const first = Math.ceil(domain[0]);
    return Array.from({ length: Math.floor((domain[1] - first) / step) + 1 }, (_, i) => first + i * step);
  }
  return Array.from({ length: count + 1 }, (_, i) => domain[0] + (span * i) / count);
}

/** A domain that holds every value, padded a little, with `floor` as its lower bound when given (0 for a loss). */
export function extent(values: readonly number[], floor?: number): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [floor ?? 0, (floor ?? 0) + 1];
  const low = floor ?? Math.min(...finite);
  const high = Math.max(...finite);
  return high === low ? [low, low + 1] : [low, high + (high - low) * 0.05];
}

/** A tick's label: whole numbers as they are, others with two decimals. */
export function tickLabel(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

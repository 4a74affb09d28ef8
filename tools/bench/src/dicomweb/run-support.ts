import * as os from 'node:os';

/** Seed of every generated instance: the same data for both servers and from run to run. */
export const SEED = 'bench-dicomweb';

/** The 1, 5 and 15 minute load averages, one decimal each. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

/** Calls `report(n)` for every `step`-th n. */
export function every(step: number, report: (n: number) => void): (n: number) => void {
  return (n) => {
    if (n % step === 0) report(n);
  };
}

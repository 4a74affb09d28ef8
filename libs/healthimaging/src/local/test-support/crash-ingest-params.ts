import type { SyntheticInstanceOptions } from '@triage/test-support';

/** The n-th instance the crash test ingests: four studies interleaved, so image sets are created mid-run. */
export function crashInstance(n: number): SyntheticInstanceOptions {
  const study = `1.2.826.0.1.3680043.8.498.900${n % 4}`;
  return { study, series: `${study}.1`, sop: `${study}.1.${n}`, instanceNumber: n, seed: n, rows: 64, columns: 64 };
}

/** The n-th instance of the transcoding crash test: two frames of 128x128, two studies, so the backlog takes a while to drain. */
export function backlogInstance(n: number): SyntheticInstanceOptions {
  const study = `1.2.826.0.1.3680043.8.498.910${n % 2}`;
  return { study, series: `${study}.1`, sop: `${study}.1.${n}`, instanceNumber: n, seed: n, rows: 128, columns: 128, frames: 2 };
}

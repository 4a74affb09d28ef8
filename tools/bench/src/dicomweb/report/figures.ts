/** One server's figures by key (`frames.after.htj2k.sequential.p99`, …), one value per run (several with --repeat). */
export type Figures = Map<string, number[]>;

/** Adds one run's value of `key`. */
export function record(figures: Figures, key: string, value: number | undefined): void {
  if (value === undefined) return;
  const values = figures.get(key);
  if (values) values.push(value);
  else figures.set(key, [value]);
}

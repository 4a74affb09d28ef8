/** How the learning rate changes over training: constant, or cosine decay to `floor` x the base rate after a linear warm-up. */
export interface LearningRateSchedule {
  kind: 'constant' | 'cosine';
  /** Steps of linear warm-up from base/steps to base (0: none). */
  warmupSteps?: number;
  /** The cosine's end as a fraction of the base rate (default 0.05). */
  floor?: number;
}

/** The learning rate at `step` (0-based) of `totalSteps`. */
export function learningRateAt(base: number, schedule: LearningRateSchedule, step: number, totalSteps: number): number {
  const warmup = schedule.warmupSteps ?? 0;
  if (step < warmup) return (base * (step + 1)) / warmup;
  if (schedule.kind === 'constant') return base;
  const floor = schedule.floor ?? 0.05;
  const progress = Math.min(1, (step - warmup) / Math.max(1, totalSteps - warmup));
  return base * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

import { DRIFT_FEATURES, type DriftFeature, type DriftReference, type DriftRow } from './drift-reference';
import { ksNoiseFloor, ksStatistic, populationStabilityIndex, psiNoiseFloor } from './drift-statistics';

/** When a window counts as drifted (the `drift` section of the mlops config). */
export interface DriftThresholds {
  /** Scores per window: the last windowSize serving scores of a version. */
  windowSize: number;
  /** No check before this many scores. */
  minWindow: number;
  /** PSI above this is drift (0.25: the usual "significant shift"). */
  psi: number;
  /** KS statistic above this is drift. */
  ks: number;
}

/** One feature's comparison of a window with the reference. */
export interface DriftFeatureResult {
  feature: DriftFeature;
  psi: number;
  ks: number;
  /** The PSI threshold applied: the configured one, raised to the noise floor of these sample sizes. */
  threshold: number;
  /** The KS threshold applied, likewise. */
  ksThreshold: number;
  /** The statistics past their thresholds: empty unless drifted. */
  exceeded: ('psi' | 'ks')[];
  drifted: boolean;
}

/**
 * PSI against the reference's bins and the two-sample KS statistic against its sample, per feature
 * (score first, then the image statistics). A feature drifts when PSI or KS passes its threshold;
 * each threshold is the configured one or, when the samples are too small for it to mean anything,
 * the value unshifted samples of these sizes stay under 999 times in 1000 (see drift-statistics).
 */
export function compareWindow(reference: DriftReference, window: ReadonlyArray<DriftRow>, t: DriftThresholds): DriftFeatureResult[] {
  if (window.length === 0) throw new RangeError('compareWindow: the window is empty');
  return DRIFT_FEATURES.map((feature) => {
    const ref = reference.features[feature];
    const values = window.map((row, i) => {
      const v = row[feature];
      if (!Number.isFinite(v)) throw new RangeError(`compareWindow: row ${i} has ${feature} ${v}`);
      return v;
    });
    const psi = populationStabilityIndex(ref.edges, ref.proportions, reference.sampleSize, values);
    const ks = ksStatistic(ref.sample, values);
    const threshold = Math.max(t.psi, psiNoiseFloor(ref.proportions.length, reference.sampleSize, values.length));
    const ksThreshold = Math.max(t.ks, ksNoiseFloor(ref.sample.length, values.length));
    const exceeded: ('psi' | 'ks')[] = [...(psi > threshold ? (['psi'] as const) : []), ...(ks > ksThreshold ? (['ks'] as const) : [])];
    return { feature, psi, ks, threshold, ksThreshold, exceeded, drifted: exceeded.length > 0 };
  });
}

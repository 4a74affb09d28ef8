import { IMAGE_FEATURE_NAMES, type ImageFeatures } from '../features/image-features';
import { binCounts, binEdges } from './drift-statistics';

/** The file the Evaluate step writes beside evaluation.json. */
export const DRIFT_REFERENCE_FILE = 'drift-reference.json';
export const DRIFT_REFERENCE_FORMAT = 'triage-drift-reference/1';
/** Most values a feature's KS sample keeps: past it, evenly spaced order statistics stand for the rest. */
export const REFERENCE_SAMPLE_CAP = 1000;

/** What drift watches: the model's score and each image statistic. */
export type DriftFeature = 'score' | keyof ImageFeatures;
export const DRIFT_FEATURES: readonly DriftFeature[] = ['score', ...IMAGE_FEATURE_NAMES];

/** One scored image as drift sees it: its input statistics and the model's positive-class score. */
export type DriftRow = ImageFeatures & { score: number };

/** One feature of the reference: decile bin edges, the reference's share per bin, and a sorted sample for KS. */
export interface FeatureReference {
  /** Upper edges, strictly increasing (ties merged); bins = edges.length + 1. */
  edges: number[];
  proportions: number[];
  sample: number[];
}

/** Built by the Evaluate step from the test split (features + the model's score per image). */
export interface DriftReference {
  format: typeof DRIFT_REFERENCE_FORMAT;
  createdAt: string;
  /** Images the bins were cut from. */
  sampleSize: number;
  features: Record<DriftFeature, FeatureReference>;
}

/** The training snapshot drift is measured against: per feature, decile bins and a sample of at most {@link REFERENCE_SAMPLE_CAP}. */
export function buildDriftReference(rows: ReadonlyArray<DriftRow>, now: Date = new Date()): DriftReference {
  if (rows.length === 0) throw new RangeError('buildDriftReference: no rows');
  const features = {} as Record<DriftFeature, FeatureReference>;
  for (const feature of DRIFT_FEATURES) {
    const values = rows.map((row, i) => {
      const v = row[feature];
      if (!Number.isFinite(v)) throw new RangeError(`buildDriftReference: row ${i} has ${feature} ${v}`);
      return v;
    });
    const sorted = values.sort((a, b) => a - b);
    const edges = binEdges(sorted);
    features[feature] = { edges, proportions: binCounts(edges, sorted).map((c) => c / sorted.length), sample: capSample(sorted) };
  }
  return { format: DRIFT_REFERENCE_FORMAT, createdAt: now.toISOString(), sampleSize: rows.length, features };
}

/** Evenly spaced order statistics (the midpoints of REFERENCE_SAMPLE_CAP equal slices): the same distribution, bounded size. */
function capSample(sorted: number[]): number[] {
  if (sorted.length <= REFERENCE_SAMPLE_CAP) return sorted;
  return Array.from({ length: REFERENCE_SAMPLE_CAP }, (_, i) => sorted[Math.floor(((i + 0.5) * sorted.length) / REFERENCE_SAMPLE_CAP)]);
}

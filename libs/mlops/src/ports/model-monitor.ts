import type { ImageFeatures } from './scorer';

/** The training snapshot's distributions (drift-reference.json beside evaluation.json): libs/monitoring's DriftReference. */
export interface DriftReference {
  format: 'triage-drift-reference/1';
  createdAt: string;
  sampleSize: number;
  features: Record<string, { edges: number[]; proportions: number[]; sample: number[] }>;
}

/** When a window of scores counts as drifted. */
export interface DriftThresholds {
  windowSize: number;
  minWindow: number;
  psi: number;
  ks: number;
}

/** One feature's comparison with the reference. */
export interface DriftFeatureResult {
  feature: string;
  psi: number;
  ks: number;
  threshold: number;
  drifted: boolean;
}

/** One drift check of a serving version. */
export interface DriftStatus {
  groupName: string;
  modelPackageArn: string;
  version: number;
  checkedAt: string;
  windowSize: number;
  windowStart: string;
  windowEnd: string;
  drifted: boolean;
  features: DriftFeatureResult[];
}

/** One score by one version of one image set. */
export interface ScoreRecord {
  groupName: string;
  modelPackageArn: string;
  version: number;
  role: 'serving' | 'shadow';
  datastoreId: string;
  imageSetId: string;
  score: number;
  features: ImageFeatures;
  scoredAt: string;
}

/** What the image-ingestion handler tells the monitor (libs/monitoring's LocalModelMonitor fits). */
export interface ModelMonitor {
  /** Idempotent per (modelPackageArn, datastoreId, imageSetId). */
  recordScore(score: ScoreRecord): void;
  /** Undefined with fewer than minWindow scores; `crossed` only on the check where the version goes from not drifted to drifted. */
  checkDrift(
    model: { groupName: string; modelPackageArn: string; version: number },
    reference: DriftReference,
    thresholds: DriftThresholds,
  ): { status: DriftStatus; crossed: boolean } | undefined;
}

/** Reads drift-reference.json beside a version's evaluationUri; undefined when the version has none (trained before drift existed). */
export type DriftReferenceReader = (evaluationUri: string) => Promise<DriftReference | undefined>;

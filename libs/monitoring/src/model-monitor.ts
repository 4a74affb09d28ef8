import type { Static } from '@sinclair/typebox';
import type { DriftThresholds } from './drift/compare-window';
import type { DriftReference } from './drift/drift-reference';
import type { DriftStatusSchema, ShadowComparisonSchema } from './drift/drift-schemas';
import type { ImageFeatures } from './features/image-features';

/** Which way a version scored an image set: for the worklist (serving) or only to be compared (shadow). */
export type ScoreRole = 'serving' | 'shadow';

/** One image set scored by one version. */
export interface ScoreRecord {
  groupName: string;
  modelPackageArn: string;
  version: number;
  role: ScoreRole;
  datastoreId: string;
  imageSetId: string;
  /** The positive class's probability. */
  score: number;
  features: ImageFeatures;
  /** ISO 8601. */
  scoredAt: string;
}

/** An image set, as the catalog keys it. */
export interface ImageSetKey {
  datastoreId: string;
  imageSetId: string;
}

/** A version of a group, as drift checks name it. */
export interface MonitoredModel {
  groupName: string;
  modelPackageArn: string;
  version: number;
}

/** One recorded drift check of a version's last window of serving scores. */
export type DriftStatus = Static<typeof DriftStatusSchema>;
/** A shadow candidate against the serving version on the image sets both scored. */
export type ShadowComparison = Static<typeof ShadowComparisonSchema>;

/** A clinician's verdict on an image set, as shadow accuracy needs it; undefined when no clinician verified one. */
export type LabelOf = (key: ImageSetKey) => 'positive' | 'negative' | undefined;

/** How many image sets a version scored in a role. */
export interface ScoreCount {
  modelPackageArn: string;
  version: number;
  role: ScoreRole;
  count: number;
}

/** Watching models in use: every score by every version, drift checks, shadow comparisons. */
export interface ModelMonitor {
  /** Idempotent per (modelPackageArn, role, datastoreId, imageSetId): a redelivered event records nothing new. */
  recordScore(score: ScoreRecord): void;
  /**
   * Compares the last windowSize serving scores of the version with the reference and records the
   * check; `crossed` is true only on the check where the version goes from not drifted to drifted
   * (one ModelDriftDetected per episode). Undefined, and nothing recorded, below minWindow scores.
   */
  checkDrift(model: MonitoredModel, reference: DriftReference, t: DriftThresholds): { status: DriftStatus; crossed: boolean } | undefined;
  /** The group's drift checks, newest first (default 50). */
  driftHistory(groupName: string, limit?: number): DriftStatus[];
  /** The image sets scored by the serving version (as serving) and by the candidate (as shadow), oldest first. */
  pairedImageSets(groupName: string, servingArn: string, shadowArn: string): ImageSetKey[];
  /** Agreement of the two at the threshold on the paired image sets; accuracy of each on those `labelOf` knows. */
  shadowComparison(groupName: string, servingArn: string, shadowArn: string, labelOf: LabelOf, threshold: number): ShadowComparison;
  /** Scores per version and role in the group. */
  scoreCounts(groupName: string): ScoreCount[];
  close(): void;
}

import { createHash } from 'node:crypto';
import type { AugmentOptions } from './augment-image';
import type { SplitName } from './patient-split';

/** One image of the snapshot (never PHI: the image set id, the label version and the patient's keyed hash). */
export interface SnapshotItem {
  imageSetId: string;
  labelledOn: 'image-set' | 'instance';
  labelVersion: number;
  finding: string;
  split: SplitName;
  patientKey: string;
  synthetic: boolean;
  /** Where the window came from: the file's, or the automatic one. */
  window: 'file' | 'auto';
}

/** Counts of one split. */
export interface SplitCounts {
  /** Original images (one per label). */
  images: number;
  /** Augmented copies added (train only). */
  augmented: number;
  patients: number;
  /** Original images per class. */
  byClass: Record<string, number>;
}

/** snapshot.json: exactly what a training run was given, and the hash that names it. */
export interface DatasetSnapshot {
  format: 'triage-dataset-snapshot/1';
  /** The export it was made from. */
  export: { datastoreId: string; contentHash: string; since?: string; latestVerifiedAt?: string };
  parameters: {
    imageSize: number;
    channels: number;
    augmentCopies: number;
    augmentation: AugmentOptions;
    seed: string;
    /** Names the split key without revealing it. */
    splitKeyId: string;
    splitFractions: Record<SplitName, number>;
    resize: 'area' | 'bilinear';
    normalise: 'unit';
  };
  classes: string[];
  /** True when every image is synthetic (the report's banner). */
  synthetic: boolean;
  items: SnapshotItem[];
  skipped: Array<{ imageSetId: string; labelVersion: number; reason: string }>;
  counts: Record<SplitName, SplitCounts>;
  /** SHA-256 of every file written under the splits, by path (`train/images.f32`, ...). */
  files: Record<string, string>;
  /** SHA-256 of this document without this field: the same data and parameters, the same hash. */
  contentHash: string;
}

/** The content hash of a snapshot (its JSON without `contentHash`, keys in the order written). */
export function snapshotHash(snapshot: Omit<DatasetSnapshot, 'contentHash'> & { contentHash?: string }): string {
  const { contentHash: _ignored, ...rest } = snapshot;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

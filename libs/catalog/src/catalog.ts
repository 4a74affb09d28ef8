import type { DatastoreId, ImageSetId } from '@triage/dicom';
import type { LabelOrigin } from '@triage/events';

/** A finding a label or a prediction names: one of the configured list (at least `normal` and `pneumonia`). */
export type Finding = string & { readonly __brand?: 'Finding' };

/** The findings configured by default; the first is the one that is not urgent. */
export const DEFAULT_FINDINGS: readonly Finding[] = ['normal', 'pneumonia'];

/** What a label is about: an image set, or one instance of it when a study holds several images. */
export interface LabelKey {
  datastoreId: DatastoreId;
  imageSetId: ImageSetId;
  sopInstanceUid?: string;
}

/** One version of a label. Versions are never overwritten: a change adds the next one. */
export interface LabelVersion {
  key: LabelKey;
  studyInstanceUid: string;
  finding: Finding;
  origin: LabelOrigin;
  note?: string;
  /** Set by a clinician (a person looked): the retraining pipeline trains on verified labels only. */
  verified: boolean;
  /** For a clinician's label: whether it confirmed or corrected what was shown beside it (the prediction, else the previous label). */
  verification?: 'confirmed' | 'corrected';
  /** 1 for the key's first label, then +1. */
  version: number;
  /** ISO 8601. */
  setAt: string;
}

/** A model's score of an image set (or instance). */
export interface Prediction {
  key: LabelKey;
  /** The model package version (ARN on AWS) that scored it. */
  modelVersion: string;
  finding: Finding;
  /** Probability per configured finding, summing to 1. */
  scores: Record<Finding, number>;
  /** 0..1, higher is more urgent: the worklist's default order. */
  priority: number;
  /** ISO 8601. */
  predictedAt: string;
}

/** What the worklist shows of an image set, taken from the store when it is created or updated. */
export interface StudySummary {
  datastoreId: DatastoreId;
  imageSetId: ImageSetId;
  studyInstanceUid: string;
  patientName?: string;
  patientId?: string;
  patientBirthDate?: string;
  /** DICOM DA, YYYYMMDD. */
  studyDate?: string;
  /** DICOM TM. */
  studyTime?: string;
  accessionNumber?: string;
  studyDescription?: string;
  modalities: string[];
  series: number;
  instances: number;
  /** The series whose thumbnail the worklist shows (the first series with pixel data). */
  thumbnailSeriesInstanceUid?: string;
  /** ISO 8601: the image set's last change. */
  updatedAt: string;
}

/** Where a worklist item's verification stands: nobody looked yet, a clinician agreed with the finding shown, or set another one. */
export type VerificationState = 'unverified' | 'confirmed' | 'corrected';

/** One row of the worklist. */
export interface WorklistItem extends StudySummary {
  /** The image set's current label (key without sopInstanceUid). */
  label?: LabelVersion;
  verification: VerificationState;
  prediction?: Prediction;
}

export const WORKLIST_SORT_KEYS = [
  'priority',
  'studyDate',
  'patientName',
  'modality',
  'studyDescription',
  'instances',
  'updatedAt',
] as const;
export type WorklistSortKey = (typeof WORKLIST_SORT_KEYS)[number];

/** A worklist page request: every filter optional, combined with AND. */
export interface WorklistQuery {
  datastoreId: DatastoreId;
  /** Case-insensitive; matches anywhere in the patient's name (DICOM PN: `^` between components). */
  patientName?: string;
  /** Inclusive YYYYMMDD bounds on the study date. */
  studyDateFrom?: string;
  studyDateTo?: string;
  /** Exact, one of the study's modalities. */
  modality?: string;
  /** Case-insensitive, anywhere in the study description. */
  description?: string;
  verification?: VerificationState;
  /** Default `priority` (most urgent first; items never scored after every scored one), then newest study. */
  sort?: WorklistSortKey;
  order?: 'asc' | 'desc';
  /** Default 50, at most 500. */
  limit?: number;
  offset?: number;
}

export interface WorklistPage {
  items: WorklistItem[];
  /** How many items match the filters. */
  total: number;
  offset: number;
  limit: number;
}

/** A clinician-verified label as training reads it, with the study and patient keys that find its pixels. */
export interface TrainingLabel {
  key: LabelKey;
  studyInstanceUid: string;
  /** The image set's PatientID as the worklist recorded it; absent when the image set is no longer recorded (deleted). */
  patientId?: string;
  finding: Finding;
  /** The version trained on: the key's latest clinician version. */
  labelVersion: number;
  /** ISO 8601: when that version was set. */
  verifiedAt: string;
  verification: 'confirmed' | 'corrected';
}

/** Which verified labels to list, one page at a time (keys in order, so pages never skip or repeat one). */
export interface TrainingLabelsQuery {
  datastoreId: DatastoreId;
  /** ISO 8601, exclusive: only labels verified after it (an incremental export). */
  since?: string;
  /** Default 100, at most 1000. */
  limit?: number;
  /** The previous page's token. */
  nextToken?: string;
}

export interface TrainingLabelsPage {
  labels: TrainingLabel[];
  /** Absent on the last page. */
  nextToken?: string;
}

/** A new label version. */
export interface SetLabelInput {
  key: LabelKey;
  studyInstanceUid: string;
  finding: Finding;
  origin: LabelOrigin;
  note?: string;
  /**
   * Optimistic concurrency: the label version the caller saw (0: none). When given and not the
   * current one, nothing is written and a {@link CatalogError} `ConflictException` is thrown.
   */
  expectedVersion?: number;
}

/**
 * The catalog port: labels with their full history, predictions, and the worklist. Items are keyed
 * as DynamoDB items would be (datastore + image set [+ instance]), so the AWS implementation is
 * tables with those keys. Every change emits its events in the same transaction: LabelChanged for
 * every label version, and ImageVerified as well when the origin is a clinician.
 */
export interface Catalog {
  /** The configured findings, in order. */
  readonly findings: readonly Finding[];
  /** Inserts or replaces the worklist's view of an image set (idempotent: the same summary twice changes nothing). */
  recordImageSet(summary: StudySummary): Promise<void>;
  /** Drops a deleted image set from the worklist; its labels and predictions stay (history is never lost). */
  removeImageSet(datastoreId: DatastoreId, imageSetId: ImageSetId): Promise<void>;
  /** Writes the next label version; a finding that is not configured is a `ValidationException`. */
  setLabel(input: SetLabelInput): Promise<LabelVersion>;
  getLabel(key: LabelKey): Promise<LabelVersion | undefined>;
  /** Every version of the key's label, newest first. */
  labelHistory(key: LabelKey): Promise<LabelVersion[]>;
  /** Stores a model's score (the latest per key and model version wins). */
  putPrediction(prediction: Prediction): Promise<void>;
  /** The latest prediction for the key, by any model version. */
  getPrediction(key: LabelKey): Promise<Prediction | undefined>;
  worklist(query: WorklistQuery): Promise<WorklistPage>;
  getWorklistItem(datastoreId: DatastoreId, imageSetId: ImageSetId): Promise<WorklistItem | undefined>;
  /**
   * The labels training uses: per key (image set, or instance), its latest version set by a clinician
   * (a later import or model label does not replace what a person verified), paged in key order.
   */
  trainingLabels(query: TrainingLabelsQuery): Promise<TrainingLabelsPage>;
  close(): Promise<void>;
}

/** What changed in the catalog, by image set: what the worklist's live updates announce (ids only, never PHI). */
export interface CatalogChange {
  datastoreId: DatastoreId;
  imageSetId: ImageSetId;
  change: 'created' | 'updated' | 'label' | 'prediction' | 'removed';
}

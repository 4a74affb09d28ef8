/** The files of a dataset export (what the pipeline's InputDataUri points at). */
export const EXPORT_LABELS_FILE = 'labels.jsonl';
export const EXPORT_MANIFEST_FILE = 'manifest.json';
export const EXPORT_DICOM_DIR = 'dicom';

/** One line of labels.jsonl: a verified label and the Part 10 file of the image it labels. */
export interface ExportedLabel {
  imageSetId: string;
  studyInstanceUid: string;
  /** The exported instance (the labelled one, or the image set's only image). */
  sopInstanceUid: string;
  finding: string;
  labelVersion: number;
  /** ISO 8601. */
  verifiedAt: string;
  verification: 'confirmed' | 'corrected';
  /** Whether the label was set on the image set or on this one instance. */
  labelledOn: 'image-set' | 'instance';
  /** Relative to the export: `dicom/<imageSetId>.dcm`, or `dicom/<imageSetId>/<sopInstanceUid>.dcm` for an instance label. */
  file: string;
  /** The transfer syntax the file was written in (the store's: HTJ2K, or native for what it keeps native). */
  transferSyntaxUid: string;
}

/** A verified label that was not exported, and why. */
export interface SkippedLabel {
  imageSetId: string;
  sopInstanceUid?: string;
  labelVersion: number;
  reason: string;
}

/** manifest.json of an export. */
export interface DatasetExportManifest {
  format: 'triage-dataset-export/1';
  datastoreId: string;
  /** The `since` asked for (absent: every verified label). */
  since?: string;
  /** The catalog's configured findings, in order: the classes a model trains on. */
  findings: string[];
  /** The latest `verifiedAt` exported: the next incremental export's `since`. */
  latestVerifiedAt?: string;
  counts: { labels: number; skipped: number; byFinding: Record<string, number> };
  skipped: SkippedLabel[];
  /**
   * SHA-256 (hex) of the lines `<sha256 of the file> <path>\n` for labels.jsonl and every DICOM file,
   * sorted by path: the same labels and pixels give the same hash whenever they are exported.
   */
  contentHash: string;
  /** ISO 8601 (left out of the content hash). */
  exportedAt: string;
}

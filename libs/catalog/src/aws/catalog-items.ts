import type { LabelKey, LabelVersion, Prediction, StudySummary, TrainingLabel, WorklistItem } from '../catalog';
import { searchText } from '../worklist/search-text';

/** A label version as its items store it (the key is the item's). */
export type StoredLabel = Omit<LabelVersion, 'key'>;

/** A prediction as its items store it. */
export type StoredPrediction = Omit<Prediction, 'key'>;

/** The worklist's view of an image set on its head, with the derived text the filters and sorts read. */
export type StoredSummary = Omit<StudySummary, 'datastoreId' | 'imageSetId'> & {
  patientNameSearch?: string;
  descriptionSearch?: string;
  /** The sorted modalities joined with `\`: what the modality sort orders by. */
  modalitiesKey: string;
};

/**
 * The head of a label key (image set, or one instance): what the key's items say now, kept in step
 * in the transaction of every change, so a worklist row or a training label is one item.
 */
export interface HeadItem {
  pk: string;
  sk: string;
  datastoreId: string;
  imageSetId: string;
  sopInstanceUid?: string;
  /** The current label and its version (the optimistic-concurrency guard of setLabel). */
  labelVersion?: number;
  label?: StoredLabel;
  /** The latest clinician label (what training reads), on gsi2 once there is one. */
  verified?: StoredLabel;
  verifiedAt?: string;
  gsi2pk?: string;
  gsi2sk?: string;
  /** The latest prediction by any model version, and its order (`predictedAt#modelVersion`). */
  prediction?: StoredPrediction;
  predictionOrder?: string;
  /** Image set heads only, while the image set is recorded: the worklist row, on gsi1. */
  summary?: StoredSummary;
  gsi1pk?: string;
  gsi1sk?: string;
}

/** Where a key's predictions are ordered: latest `predictedAt`, ties to the greater model version (as the local catalog). */
export function predictionOrder(p: { predictedAt: string; modelVersion: string }): string {
  return `${p.predictedAt}#${p.modelVersion}`;
}

/** The key of a head (or of any item keyed like one). */
export function keyOf(head: Pick<HeadItem, 'datastoreId' | 'imageSetId' | 'sopInstanceUid'>): LabelKey {
  const key: LabelKey = { datastoreId: head.datastoreId, imageSetId: head.imageSetId };
  if (head.sopInstanceUid !== undefined) key.sopInstanceUid = head.sopInstanceUid;
  return key;
}

/** The stored form of a label (without its key). */
export function storedLabel(label: LabelVersion): StoredLabel {
  const { key: _key, ...stored } = label;
  return stored;
}

/** A stored label as the port's LabelVersion (fields in the port's order, optional ones only when set). */
export function labelOf(key: LabelKey, s: StoredLabel): LabelVersion {
  const label: LabelVersion = {
    key,
    studyInstanceUid: s.studyInstanceUid,
    finding: s.finding,
    origin: s.origin,
    verified: s.verified,
    version: s.version,
    setAt: s.setAt,
  };
  if (s.note !== undefined) label.note = s.note;
  if (s.verification !== undefined) label.verification = s.verification;
  return label;
}

/** A stored prediction as the port's Prediction. */
export function predictionOf(key: LabelKey, s: StoredPrediction): Prediction {
  return { key, modelVersion: s.modelVersion, finding: s.finding, scores: s.scores, priority: s.priority, predictedAt: s.predictedAt };
}

/** The summary as the head stores it: modalities sorted and unique, time normalized, search text derived (as the local catalog). */
export function storedSummary(s: StudySummary): StoredSummary {
  const modalities = [...new Set(s.modalities)].sort();
  const stored: StoredSummary = {
    studyInstanceUid: s.studyInstanceUid,
    modalities,
    series: s.series,
    instances: s.instances,
    updatedAt: new Date(s.updatedAt).toISOString(),
    modalitiesKey: modalities.join('\\'),
  };
  const optional = {
    patientName: s.patientName,
    patientId: s.patientId,
    patientBirthDate: s.patientBirthDate,
    studyDate: s.studyDate,
    studyTime: s.studyTime,
    accessionNumber: s.accessionNumber,
    studyDescription: s.studyDescription,
    thumbnailSeriesInstanceUid: s.thumbnailSeriesInstanceUid,
    patientNameSearch: s.patientName === undefined ? undefined : searchText(s.patientName),
    descriptionSearch: s.studyDescription === undefined ? undefined : searchText(s.studyDescription),
  };
  for (const [field, value] of Object.entries(optional)) if (value !== undefined) Object.assign(stored, { [field]: value });
  return stored;
}

/** An image set head that holds a summary, as the worklist's row. */
export function worklistItemOf(head: HeadItem & { summary: StoredSummary }): WorklistItem {
  const { patientNameSearch: _n, descriptionSearch: _d, modalitiesKey: _m, ...summary } = head.summary;
  const key = keyOf(head);
  const item: WorklistItem = {
    datastoreId: head.datastoreId,
    imageSetId: head.imageSetId,
    ...summary,
    verification: head.verified?.verification ?? 'unverified',
  };
  if (head.label) item.label = labelOf(key, head.label);
  if (head.prediction) item.prediction = predictionOf(key, head.prediction);
  return item;
}

/** A head on gsi2 as the training label it stands for, with the PatientID of its image set's summary. */
export function trainingLabelOf(head: HeadItem & { verified: StoredLabel }, patientId: string | undefined): TrainingLabel {
  const v = head.verified;
  const label: TrainingLabel = {
    key: keyOf(head),
    studyInstanceUid: v.studyInstanceUid,
    finding: v.finding,
    labelVersion: v.version,
    verifiedAt: v.setAt,
    verification: v.verification ?? 'confirmed',
  };
  if (patientId !== undefined) label.patientId = patientId;
  return label;
}

import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import {
  METADATA_SCHEMA_VERSION,
  type DatastoreId,
  type ImageSetId,
  type ImageSetMetadata,
  type NormalizedAttributes,
} from '@triage/dicom';
import type { InstanceEntry } from '../ingest/prepared-instance';
import type { DataLayout } from '../storage/data-layout';
import type { IndexDb } from '../storage/open-index';
import { statement } from '../storage/statements';

/**
 * Builds the metadata document of one image set version: the last explicit snapshot at or
 * before it, less the instances removed since, plus the instance rows added since (in order).
 * Linear in the instances, so a 600-slice series costs one pass, not one document per slice.
 */
export function materializeVersion(
  db: IndexDb,
  layout: DataLayout,
  datastoreId: DatastoreId,
  imageSetId: ImageSetId,
  versionId: number,
  unreadable: (instance: UnreadableEntry) => void = () => undefined,
): ImageSetMetadata {
  const snapshot = statement<[string, number], { version_id: number; snapshot_file: string }>(
    db,
    `SELECT version_id, snapshot_file FROM image_set_versions WHERE image_set_id = ? AND version_id <= ? AND snapshot_file IS NOT NULL
     ORDER BY version_id DESC LIMIT 1`,
  ).get(imageSetId, versionId);
  const doc: ImageSetMetadata = snapshot
    ? readDocument(layout.snapshotFile(datastoreId, imageSetId, snapshot.snapshot_file))
    : emptyDocument(datastoreId, imageSetId);
  const since = snapshot?.version_id ?? 0;
  if (snapshot) {
    const removed = statement<[string, number, number, number], { series_uid: string; sop_uid: string }>(
      db,
      `SELECT series_uid, sop_uid FROM instances WHERE image_set_id = ? AND version_added <= ? AND version_removed > ? AND version_removed <= ?`,
    ).all(imageSetId, since, since, versionId);
    for (const row of removed) removeInstance(doc, row.series_uid, row.sop_uid);
  }
  const added = statement<[string, number, number, number], { series_uid: string; sop_uid: string; entry: string }>(
    db,
    `SELECT series_uid, sop_uid, entry FROM instances WHERE image_set_id = ? AND version_added > ? AND version_added <= ?
       AND (version_removed IS NULL OR version_removed > ?) ORDER BY id`,
  ).all(imageSetId, since, versionId, versionId);
  for (const row of added) {
    // One damaged row leaves its instance out of the document (the index still lists it, so
    // readers name it as unreadable) instead of making the whole image set unreadable.
    const entry = parseEntry(row);
    if (typeof entry === 'string') unreadable({ seriesUid: row.series_uid, sopUid: row.sop_uid, reason: entry });
    else mergeEntry(doc, entry);
  }
  fillFrameSizes(db, imageSetId, doc);
  doc.DatastoreID = datastoreId;
  doc.ImageSetID = imageSetId;
  return doc;
}

/**
 * FrameSizeInBytes is the stored frame's size, known once the frame is transcoded: ingest leaves it
 * out, and it is filled here from the frames table (left out still while the frame is pending).
 */
function fillFrameSizes(db: IndexDb, imageSetId: ImageSetId, doc: ImageSetMetadata): void {
  let sizes: Map<string, number> | undefined;
  for (const series of Object.values(doc.Study.Series)) {
    for (const instance of Object.values(series.Instances)) {
      for (const frame of instance.ImageFrames ?? []) {
        if (frame.FrameSizeInBytes !== undefined) continue;
        sizes ??= new Map(
          statement<[string], { id: string; size: number }>(db, "SELECT id, size FROM frames WHERE image_set_id = ? AND form <> 'original'")
            .all(imageSetId)
            .map((r) => [r.id, r.size]),
        );
        const size = sizes.get(frame.ID);
        if (size !== undefined) frame.FrameSizeInBytes = size;
      }
    }
  }
}

/** An instance row whose stored entry could not be read, left out of the document. */
export interface UnreadableEntry {
  seriesUid: string;
  sopUid: string;
  reason: string;
}

/** An instance row's entry, or why it cannot be one (not JSON, or not shaped as an entry). */
export function parseEntry(row: { entry: string }): InstanceEntry | string {
  let entry: unknown;
  try {
    entry = JSON.parse(row.entry);
  } catch (error) {
    return `its stored entry is not JSON: ${(error as Error).message}`;
  }
  const e = entry as Partial<InstanceEntry> | null;
  if (
    !e ||
    typeof e !== 'object' ||
    typeof e.seriesUid !== 'string' ||
    typeof e.sopUid !== 'string' ||
    !isObject(e.patient) ||
    !isObject(e.study) ||
    !isObject(e.series) ||
    !isObject(e.instance) ||
    !isObject(e.instance.DICOM) ||
    !Array.isArray(e.instance.ImageFrames)
  )
    return 'its stored entry is not an instance entry';
  return e as InstanceEntry;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An image set document with no instances yet. */
export function emptyDocument(datastoreId: DatastoreId, imageSetId: ImageSetId): ImageSetMetadata {
  return {
    SchemaVersion: METADATA_SCHEMA_VERSION,
    DatastoreID: datastoreId,
    ImageSetID: imageSetId,
    Patient: { DICOM: {} },
    Study: { DICOM: {}, Series: {} },
  };
}

/** Adds (or replaces) one instance row's entry; level attributes already present stay as they are. */
export function mergeEntry(doc: ImageSetMetadata, entry: InstanceEntry): void {
  setOnce(doc.Patient.DICOM, entry.patient);
  setOnce(doc.Study.DICOM, entry.study);
  const series = (doc.Study.Series[entry.seriesUid] ??= { DICOM: {}, Instances: {} });
  setOnce(series.DICOM, entry.series);
  series.Instances[entry.sopUid] = entry.instance;
}

function removeInstance(doc: ImageSetMetadata, seriesUid: string, sopUid: string): void {
  const series = doc.Study.Series[seriesUid];
  if (!series) return;
  delete series.Instances[sopUid];
  if (Object.keys(series.Instances).length === 0) delete doc.Study.Series[seriesUid];
}

function setOnce(target: NormalizedAttributes, source: NormalizedAttributes): void {
  for (const [key, value] of Object.entries(source)) if (!(key in target)) target[key] = value;
}

/** Reads a gzipped metadata document. */
export function readDocument(file: string): ImageSetMetadata {
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as ImageSetMetadata;
}

/** Gzips a metadata document. */
export function gzipDocument(doc: ImageSetMetadata): Buffer {
  return zlib.gzipSync(JSON.stringify(doc), { level: 6 });
}

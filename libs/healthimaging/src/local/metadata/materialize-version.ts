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
  const added = statement<[string, number, number, number], { entry: string }>(
    db,
    `SELECT entry FROM instances WHERE image_set_id = ? AND version_added > ? AND version_added <= ?
       AND (version_removed IS NULL OR version_removed > ?) ORDER BY id`,
  ).all(imageSetId, since, versionId, versionId);
  for (const row of added) mergeEntry(doc, JSON.parse(row.entry) as InstanceEntry);
  doc.DatastoreID = datastoreId;
  doc.ImageSetID = imageSetId;
  return doc;
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

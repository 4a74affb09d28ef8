import type { DatastoreId, ImageSetId } from '@triage/dicom';
import type { StudySummary, WorklistItem } from '../../catalog';
import { searchText } from '../../worklist/search-text';
import { currentLabel } from '../labels/label-rows';
import { latestPrediction } from '../predictions/prediction-rows';
import type { CatalogDb } from '../storage/open-catalog-db';
import { statement } from '../storage/statements';

/** A row of worklist_items. */
export interface WorklistRow {
  datastore_id: string;
  image_set_id: string;
  study_uid: string;
  patient_name: string | null;
  patient_id: string | null;
  patient_birth_date: string | null;
  study_date: string | null;
  study_time: string | null;
  accession_number: string | null;
  study_description: string | null;
  modalities: string;
  series: number;
  instances: number;
  thumbnail_series_uid: string | null;
  updated_at: string;
  verification: WorklistItem['verification'];
}

/**
 * Inserts or replaces an image set's summary; a summary older than the one stored changes nothing
 * (events may be delivered again, and out of order). Says which it was.
 */
export function upsertWorklistItem(db: CatalogDb, s: StudySummary): 'created' | 'updated' | 'stale' {
  const existed =
    statement(db, 'SELECT 1 FROM worklist_items WHERE datastore_id = ? AND image_set_id = ?').get(s.datastoreId, s.imageSetId) !==
    undefined;
  const modalities = [...new Set(s.modalities)].sort();
  const written = statement(
    db,
    `INSERT INTO worklist_items (datastore_id, image_set_id, study_uid, patient_name, patient_id, patient_birth_date, study_date, study_time,
       accession_number, study_description, modalities, series, instances, thumbnail_series_uid, updated_at,
       patient_name_search, description_search, modalities_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (datastore_id, image_set_id) DO UPDATE SET
       study_uid = excluded.study_uid, patient_name = excluded.patient_name, patient_id = excluded.patient_id,
       patient_birth_date = excluded.patient_birth_date, study_date = excluded.study_date, study_time = excluded.study_time,
       accession_number = excluded.accession_number, study_description = excluded.study_description, modalities = excluded.modalities,
       series = excluded.series, instances = excluded.instances, thumbnail_series_uid = excluded.thumbnail_series_uid,
       updated_at = excluded.updated_at, patient_name_search = excluded.patient_name_search,
       description_search = excluded.description_search, modalities_key = excluded.modalities_key
     WHERE excluded.updated_at >= worklist_items.updated_at`,
  ).run(
    s.datastoreId,
    s.imageSetId,
    s.studyInstanceUid,
    s.patientName ?? null,
    s.patientId ?? null,
    s.patientBirthDate ?? null,
    s.studyDate ?? null,
    s.studyTime ?? null,
    s.accessionNumber ?? null,
    s.studyDescription ?? null,
    JSON.stringify(modalities),
    s.series,
    s.instances,
    s.thumbnailSeriesInstanceUid ?? null,
    new Date(s.updatedAt).toISOString(),
    s.patientName === undefined ? null : searchText(s.patientName),
    s.studyDescription === undefined ? null : searchText(s.studyDescription),
    modalities.join('\\'),
  ).changes;
  if (written === 0) return 'stale';
  statement(db, 'DELETE FROM worklist_modalities WHERE datastore_id = ? AND image_set_id = ?').run(s.datastoreId, s.imageSetId);
  for (const modality of modalities)
    statement(db, 'INSERT INTO worklist_modalities (datastore_id, modality, image_set_id) VALUES (?, ?, ?)').run(
      s.datastoreId,
      modality,
      s.imageSetId,
    );
  refreshDerived(db, s.datastoreId, s.imageSetId);
  return existed ? 'updated' : 'created';
}

/** Drops an image set from the worklist; returns whether it was there. */
export function deleteWorklistItem(db: CatalogDb, datastoreId: DatastoreId, imageSetId: ImageSetId): boolean {
  statement(db, 'DELETE FROM worklist_modalities WHERE datastore_id = ? AND image_set_id = ?').run(datastoreId, imageSetId);
  return statement(db, 'DELETE FROM worklist_items WHERE datastore_id = ? AND image_set_id = ?').run(datastoreId, imageSetId).changes > 0;
}

/**
 * Brings the item's priority and verification in step with its latest image-set-level prediction
 * and its latest clinician's label (either may arrive before the image set is recorded, or after).
 * A later import or model label does not make it unverified again: a person looked.
 */
export function refreshDerived(db: CatalogDb, datastoreId: DatastoreId, imageSetId: ImageSetId): void {
  statement(
    db,
    `UPDATE worklist_items SET
       priority = (SELECT p.priority FROM predictions p
                   WHERE p.datastore_id = @ds AND p.image_set_id = @is AND p.sop_instance_uid = ''
                   ORDER BY p.predicted_at DESC, p.model_version DESC LIMIT 1),
       verification = coalesce((SELECT l.verification FROM labels l
                   WHERE l.datastore_id = @ds AND l.image_set_id = @is AND l.sop_instance_uid = '' AND l.verification IS NOT NULL
                   ORDER BY l.version DESC LIMIT 1), 'unverified')
     WHERE datastore_id = @ds AND image_set_id = @is`,
  ).run({ ds: datastoreId, is: imageSetId });
}

/** A worklist row with its current image-set label and latest prediction. */
export function worklistItemOf(db: CatalogDb, row: WorklistRow): WorklistItem {
  const key = { datastoreId: row.datastore_id, imageSetId: row.image_set_id };
  const item: WorklistItem = {
    datastoreId: row.datastore_id,
    imageSetId: row.image_set_id,
    studyInstanceUid: row.study_uid,
    modalities: JSON.parse(row.modalities) as string[],
    series: row.series,
    instances: row.instances,
    updatedAt: row.updated_at,
    verification: row.verification,
  };
  const optional = {
    patientName: row.patient_name,
    patientId: row.patient_id,
    patientBirthDate: row.patient_birth_date,
    studyDate: row.study_date,
    studyTime: row.study_time,
    accessionNumber: row.accession_number,
    studyDescription: row.study_description,
    thumbnailSeriesInstanceUid: row.thumbnail_series_uid,
  };
  for (const [field, value] of Object.entries(optional)) if (value !== null) Object.assign(item, { [field]: value });
  const label = currentLabel(db, key);
  if (label) item.label = label;
  const prediction = latestPrediction(db, key);
  if (prediction) item.prediction = prediction;
  return item;
}

/** One image set's worklist item, or undefined when it is not on the worklist. */
export function getWorklistItem(db: CatalogDb, datastoreId: DatastoreId, imageSetId: ImageSetId): WorklistItem | undefined {
  const row = statement<[string, string], WorklistRow>(db, 'SELECT * FROM worklist_items WHERE datastore_id = ? AND image_set_id = ?').get(
    datastoreId,
    imageSetId,
  );
  return row && worklistItemOf(db, row);
}

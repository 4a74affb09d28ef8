import type { LabelOrigin } from '@triage/events';
import type { LabelKey, LabelVersion } from '../../catalog';
import type { CatalogDb } from '../storage/open-catalog-db';
import { statement } from '../storage/statements';

/** A row of the labels table. */
export interface LabelRow {
  datastore_id: string;
  image_set_id: string;
  sop_instance_uid: string;
  version: number;
  study_uid: string;
  finding: string;
  origin: string;
  note: string | null;
  verification: 'confirmed' | 'corrected' | null;
  model_version: string | null;
  set_at: string;
}

/** The key's parts as the table stores them ('' for the image set itself: SQLite keys, like DynamoDB's, cannot be NULL). */
export function keyParams(key: LabelKey): [string, string, string] {
  return [key.datastoreId, key.imageSetId, key.sopInstanceUid ?? ''];
}

const KEY = 'datastore_id = ? AND image_set_id = ? AND sop_instance_uid = ?';

/** The key's current label, or undefined when it has none. */
export function currentLabel(db: CatalogDb, key: LabelKey): LabelVersion | undefined {
  const row = statement<[string, string, string], LabelRow>(db, `SELECT * FROM labels WHERE ${KEY} ORDER BY version DESC LIMIT 1`).get(
    ...keyParams(key),
  );
  return row && labelOf(row);
}

/** Every version of the key's label, newest first. */
export function labelHistory(db: CatalogDb, key: LabelKey): LabelVersion[] {
  return statement<[string, string, string], LabelRow>(db, `SELECT * FROM labels WHERE ${KEY} ORDER BY version DESC`)
    .all(...keyParams(key))
    .map(labelOf);
}

/** Adds one label version (the primary key refuses a version that exists: nothing is overwritten). */
export function insertLabel(db: CatalogDb, label: LabelVersion, modelVersion: string | undefined): void {
  statement(
    db,
    `INSERT INTO labels (datastore_id, image_set_id, sop_instance_uid, version, study_uid, finding, origin, note, verification, model_version, set_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    ...keyParams(label.key),
    label.version,
    label.studyInstanceUid,
    label.finding,
    JSON.stringify(label.origin),
    label.note ?? null,
    label.verification ?? null,
    modelVersion ?? null,
    label.setAt,
  );
}

/** A labels row as the port's LabelVersion. */
export function labelOf(row: LabelRow): LabelVersion {
  const key: LabelKey = { datastoreId: row.datastore_id, imageSetId: row.image_set_id };
  if (row.sop_instance_uid !== '') key.sopInstanceUid = row.sop_instance_uid;
  const label: LabelVersion = {
    key,
    studyInstanceUid: row.study_uid,
    finding: row.finding,
    origin: JSON.parse(row.origin) as LabelOrigin,
    verified: row.verification !== null,
    version: row.version,
    setAt: row.set_at,
  };
  if (row.note !== null) label.note = row.note;
  if (row.verification !== null) label.verification = row.verification;
  return label;
}

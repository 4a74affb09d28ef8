import Database from 'better-sqlite3';
import { openSqlite } from '@triage/platform';
import { sortIndexesSql } from '../worklist/worklist-order';

/** The catalog's SQLite database. */
export type CatalogDb = Database.Database;

// Tables keyed as the DynamoDB tables will be: partition key datastore + image set, sort key the
// instance ('' for the image set itself) and the label version or model version.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS worklist_items (
  datastore_id TEXT NOT NULL,
  image_set_id TEXT NOT NULL,
  study_uid TEXT NOT NULL,
  patient_name TEXT,
  patient_id TEXT,
  patient_birth_date TEXT,
  study_date TEXT,
  study_time TEXT,
  accession_number TEXT,
  study_description TEXT,
  modalities TEXT NOT NULL,
  series INTEGER NOT NULL,
  instances INTEGER NOT NULL,
  thumbnail_series_uid TEXT,
  updated_at TEXT NOT NULL,
  -- Derived, for filters and sorts: lower-cased search text, the sorted modalities joined with '\\',
  -- and the image set's latest prediction and current label, kept in step in the same transaction.
  patient_name_search TEXT,
  description_search TEXT,
  modalities_key TEXT NOT NULL,
  priority REAL,
  verification TEXT NOT NULL DEFAULT 'unverified',
  PRIMARY KEY (datastore_id, image_set_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS worklist_by_verification ON worklist_items(datastore_id, verification);
CREATE INDEX IF NOT EXISTS worklist_by_study_date_range ON worklist_items(datastore_id, study_date);
${sortIndexesSql()}

-- "Modality is one of the study's": one row per modality, so the filter is an index lookup.
CREATE TABLE IF NOT EXISTS worklist_modalities (
  datastore_id TEXT NOT NULL,
  modality TEXT NOT NULL,
  image_set_id TEXT NOT NULL,
  PRIMARY KEY (datastore_id, modality, image_set_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS worklist_modalities_of ON worklist_modalities(datastore_id, image_set_id);

CREATE TABLE IF NOT EXISTS labels (
  datastore_id TEXT NOT NULL,
  image_set_id TEXT NOT NULL,
  sop_instance_uid TEXT NOT NULL,
  version INTEGER NOT NULL,
  study_uid TEXT NOT NULL,
  finding TEXT NOT NULL,
  origin TEXT NOT NULL,
  note TEXT,
  verification TEXT,
  model_version TEXT,
  set_at TEXT NOT NULL,
  PRIMARY KEY (datastore_id, image_set_id, sop_instance_uid, version)
) WITHOUT ROWID;
-- History is never overwritten: the database itself refuses it, whatever code runs against it.
CREATE TRIGGER IF NOT EXISTS labels_never_updated BEFORE UPDATE ON labels
  BEGIN SELECT RAISE(ABORT, 'labels are never updated: a change adds the next version'); END;
CREATE TRIGGER IF NOT EXISTS labels_never_deleted BEFORE DELETE ON labels
  BEGIN SELECT RAISE(ABORT, 'labels are never deleted: history is kept'); END;

CREATE TABLE IF NOT EXISTS predictions (
  datastore_id TEXT NOT NULL,
  image_set_id TEXT NOT NULL,
  sop_instance_uid TEXT NOT NULL,
  model_version TEXT NOT NULL,
  finding TEXT NOT NULL,
  scores TEXT NOT NULL,
  priority REAL NOT NULL,
  predicted_at TEXT NOT NULL,
  PRIMARY KEY (datastore_id, image_set_id, sop_instance_uid, model_version)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS predictions_latest ON predictions(datastore_id, image_set_id, sop_instance_uid, predicted_at, model_version);
`;

/** Opens (creating when new) the catalog database: WAL for concurrent readers, synchronous=FULL so a committed label survives power loss. */
export function openCatalogDb(file: string): CatalogDb {
  const db = openSqlite(file, { foreignKeys: true });
  db.exec(SCHEMA);
  return db;
}

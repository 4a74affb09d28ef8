import Database from 'better-sqlite3';
import { openSqlite } from '@triage/platform';

/** The SQLite index: WAL for concurrent readers, synchronous=FULL so an acknowledged commit survives power loss too. */
export type IndexDb = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS datastores (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  kms_key_arn TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS datastores_by_name ON datastores(name, created_at);

-- One row per image set; the QIDO study-level columns come from its patient and study attributes.
CREATE TABLE IF NOT EXISTS image_sets (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  datastore_id TEXT NOT NULL,
  study_uid TEXT NOT NULL,
  is_primary INTEGER NOT NULL,
  state TEXT NOT NULL,
  workflow_status TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  message TEXT,
  forced INTEGER NOT NULL DEFAULT 0,
  conflict_key TEXT NOT NULL,
  patient TEXT NOT NULL,
  study TEXT NOT NULL,
  patient_name TEXT,
  patient_id TEXT,
  patient_birth_date TEXT,
  study_date TEXT,
  study_time TEXT,
  accession_number TEXT,
  study_id TEXT,
  referring_physician TEXT
);
CREATE INDEX IF NOT EXISTS image_sets_by_study ON image_sets(datastore_id, study_uid, is_primary);
CREATE INDEX IF NOT EXISTS image_sets_primary ON image_sets(datastore_id, is_primary, seq);
CREATE INDEX IF NOT EXISTS image_sets_patient_id ON image_sets(datastore_id, patient_id);
CREATE INDEX IF NOT EXISTS image_sets_patient_name ON image_sets(datastore_id, patient_name COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS image_sets_study_date ON image_sets(datastore_id, study_date, study_time);
CREATE INDEX IF NOT EXISTS image_sets_accession ON image_sets(datastore_id, accession_number);
CREATE INDEX IF NOT EXISTS image_sets_updated ON image_sets(datastore_id, updated_at);
CREATE INDEX IF NOT EXISTS image_sets_created ON image_sets(datastore_id, created_at);

-- Every version of every image set. snapshot_file: an explicit document (update, revert, copy);
-- other versions are the last snapshot before them plus the instance rows added since.
CREATE TABLE IF NOT EXISTS image_set_versions (
  image_set_id TEXT NOT NULL,
  version_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  workflow_status TEXT NOT NULL,
  message TEXT,
  forced INTEGER NOT NULL DEFAULT 0,
  snapshot_file TEXT,
  batch TEXT,
  PRIMARY KEY (image_set_id, version_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS series (
  image_set_id TEXT NOT NULL,
  series_uid TEXT NOT NULL,
  modality TEXT,
  series_number INTEGER,
  attributes TEXT NOT NULL,
  PRIMARY KEY (image_set_id, series_uid)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS series_by_uid ON series(series_uid);
CREATE INDEX IF NOT EXISTS series_by_modality ON series(modality, image_set_id);

-- Instance rows: live while version_removed IS NULL. entry: the instance's levels as JSON.
CREATE TABLE IF NOT EXISTS instances (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  datastore_id TEXT NOT NULL,
  image_set_id TEXT NOT NULL,
  series_uid TEXT NOT NULL,
  sop_uid TEXT NOT NULL,
  sop_class_uid TEXT NOT NULL,
  instance_number INTEGER,
  digest TEXT NOT NULL,
  frame_ids TEXT NOT NULL,
  version_added INTEGER NOT NULL,
  version_removed INTEGER,
  entry TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS instances_live_sop ON instances(datastore_id, sop_uid) WHERE version_removed IS NULL;
CREATE INDEX IF NOT EXISTS instances_live_series ON instances(image_set_id, series_uid, instance_number) WHERE version_removed IS NULL;
CREATE INDEX IF NOT EXISTS instances_added ON instances(image_set_id, version_added);
CREATE INDEX IF NOT EXISTS instances_removed ON instances(image_set_id, version_removed) WHERE version_removed IS NOT NULL;

CREATE TABLE IF NOT EXISTS frames (
  id TEXT PRIMARY KEY,
  datastore_id TEXT NOT NULL,
  image_set_id TEXT NOT NULL,
  size INTEGER NOT NULL,
  crc32 INTEGER NOT NULL,
  form TEXT NOT NULL DEFAULT 'htj2k',
  original_ts TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS frames_by_image_set ON frames(image_set_id);

-- Frames acknowledged as received (form 'original') and still to be transcoded to their stored form,
-- in the order they came. decode_info: the Image Pixel module the original is decoded with;
-- checksum: CRC-32 of its decoded pixels, which the transcoded file must decode to.
CREATE TABLE IF NOT EXISTS transcode_queue (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  frame_id TEXT NOT NULL UNIQUE,
  datastore_id TEXT NOT NULL,
  image_set_id TEXT NOT NULL,
  decode_info TEXT NOT NULL,
  checksum INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS transcode_queue_by_image_set ON transcode_queue(image_set_id);

CREATE TABLE IF NOT EXISTS import_jobs (
  id TEXT PRIMARY KEY,
  datastore_id TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  input_uri TEXT NOT NULL,
  output_uri TEXT NOT NULL,
  submitted_at INTEGER NOT NULL,
  ended_at INTEGER,
  message TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS import_jobs_by_datastore ON import_jobs(datastore_id, submitted_at);
`;

/** Opens (creating when new) the index with the schema above. */
export function openIndex(file: string): IndexDb {
  const db = openSqlite(file, { foreignKeys: true });
  db.exec(SCHEMA);
  addMissingColumns(db);
  return db;
}

/** Columns added after a data directory may have been created: the schema's IF NOT EXISTS does not add them. */
function addMissingColumns(db: IndexDb): void {
  const frameColumns = (db.prepare('PRAGMA table_info(frames)').all() as { name: string }[]).map((c) => c.name);
  // Frames indexed before native frames existed are all HTJ2K.
  if (!frameColumns.includes('form')) db.exec("ALTER TABLE frames ADD COLUMN form TEXT NOT NULL DEFAULT 'htj2k'");
  // Frames indexed before ingest acknowledged originals were all in their stored form.
  if (!frameColumns.includes('original_ts')) db.exec('ALTER TABLE frames ADD COLUMN original_ts TEXT');
  const versionColumns = (db.prepare('PRAGMA table_info(image_set_versions)').all() as { name: string }[]).map((c) => c.name);
  if (!versionColumns.includes('batch')) db.exec('ALTER TABLE image_set_versions ADD COLUMN batch TEXT');
  // After the columns exist: the originals whose frame is transcoded but whose file may still be on disk.
  db.exec("CREATE INDEX IF NOT EXISTS frames_with_original ON frames(id) WHERE original_ts IS NOT NULL AND form <> 'original'");
}

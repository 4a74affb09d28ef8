import type Database from 'better-sqlite3';
import { openSqlite } from '@triage/platform';

/** The registry's SQLite database. */
export type RegistryDb = Database.Database;

// groups and packages hold the current state; history and serving_log are the record of every
// change and are only ever appended to; serving_now holds the serving version, one row per group
// at most (its primary key is the "exactly one promoted" rule).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS groups (
  name TEXT PRIMARY KEY,
  arn TEXT NOT NULL UNIQUE,
  description TEXT,
  created_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS packages (
  group_name TEXT NOT NULL REFERENCES groups(name),
  version INTEGER NOT NULL,
  arn TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  approval_status TEXT NOT NULL,
  model_data_url TEXT NOT NULL,
  image_uri TEXT NOT NULL,
  description TEXT,
  metrics TEXT NOT NULL,
  lineage TEXT NOT NULL,
  customer_metadata TEXT NOT NULL,
  created_at TEXT NOT NULL,
  registered_by TEXT NOT NULL,
  approval_description TEXT,
  approved_by TEXT,
  PRIMARY KEY (group_name, version)
) WITHOUT ROWID;
-- What was registered never changes (only the approval does), and nothing registered is removed.
CREATE TRIGGER IF NOT EXISTS packages_registered_never_changed
  BEFORE UPDATE OF group_name, version, arn, status, model_data_url, image_uri, description, metrics, lineage, customer_metadata, created_at, registered_by ON packages
  BEGIN SELECT RAISE(ABORT, 'a registered model package never changes: register the next version'); END;
CREATE TRIGGER IF NOT EXISTS packages_never_deleted BEFORE DELETE ON packages
  BEGIN SELECT RAISE(ABORT, 'model packages are never deleted: history is kept'); END;

CREATE TABLE IF NOT EXISTS history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  group_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  action TEXT NOT NULL,
  principal TEXT NOT NULL,
  role TEXT,
  reason TEXT,
  at TEXT NOT NULL,
  FOREIGN KEY (group_name, version) REFERENCES packages(group_name, version)
);
CREATE INDEX IF NOT EXISTS history_of_group ON history(group_name, seq);
CREATE TRIGGER IF NOT EXISTS history_never_updated BEFORE UPDATE ON history
  BEGIN SELECT RAISE(ABORT, 'registry history is never updated: it is appended to'); END;
CREATE TRIGGER IF NOT EXISTS history_never_deleted BEFORE DELETE ON history
  BEGIN SELECT RAISE(ABORT, 'registry history is never deleted'); END;

-- Each row starts a serving period: a promotion pushes a version, a rollback pops back to one.
CREATE TABLE IF NOT EXISTS serving_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  group_name TEXT NOT NULL,
  version INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('promoted', 'rolled-back')),
  principal TEXT NOT NULL,
  role TEXT,
  reason TEXT,
  at TEXT NOT NULL,
  FOREIGN KEY (group_name, version) REFERENCES packages(group_name, version)
);
CREATE INDEX IF NOT EXISTS serving_log_of_group ON serving_log(group_name, seq);
CREATE TRIGGER IF NOT EXISTS serving_log_never_updated BEFORE UPDATE ON serving_log
  BEGIN SELECT RAISE(ABORT, 'the serving log is never updated: it is appended to'); END;
CREATE TRIGGER IF NOT EXISTS serving_log_never_deleted BEFORE DELETE ON serving_log
  BEGIN SELECT RAISE(ABORT, 'the serving log is never deleted'); END;

CREATE TABLE IF NOT EXISTS serving_now (
  group_name TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  FOREIGN KEY (group_name, version) REFERENCES packages(group_name, version)
) WITHOUT ROWID;
`;

/** Opens (creating when new) the registry database: WAL, synchronous=FULL (an approval is acknowledged to a person), foreign keys on. */
export function openRegistryDb(file: string): RegistryDb {
  const db = openSqlite(file, { foreignKeys: true });
  try {
    db.exec(SCHEMA);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

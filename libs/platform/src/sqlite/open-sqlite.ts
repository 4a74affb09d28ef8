import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** How {@link openSqlite} sets a database up. */
export interface OpenSqliteOptions {
  /**
   * FULL (the default): a commit survives power loss, for what is acknowledged to someone (an
   * instance, a label, an event). NORMAL: it survives a crash of the process, for what can be redone.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** The file holds secrets' hashes (sessions, the audit anchor): its folder 0700, the file 0600. */
  private?: boolean;
  /** Enforce FOREIGN KEY clauses (SQLite leaves them off by default). */
  foreignKeys?: boolean;
}

/**
 * Opens (creating it and its folder when new) a SQLite database the way every local
 * implementation wants it: WAL, so readers never wait for the writer; the durability asked for;
 * and a 5 s busy timeout, since the API and a CLI or a second connection may write the same file.
 */
export function openSqlite(file: string, options: OpenSqliteOptions = {}): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true, ...(options.private && { mode: 0o700 }) });
  const db = new Database(file);
  if (options.private) fs.chmodSync(file, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
  db.pragma('busy_timeout = 5000');
  if (options.foreignKeys) db.pragma('foreign_keys = ON');
  return db;
}

import * as fs from 'node:fs';
import { openSqlite } from '../sqlite/open-sqlite';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { AuditHead, AuditHeadAnchor } from './audit-head';

/** The anchor's database under a data directory: beside the audit folder, not in it, so that copying or cutting audit/ leaves it. */
export function auditAnchorFile(dataDir: string): string {
  return path.join(dataDir, 'audit-head.sqlite');
}

/**
 * The audit log's head in one row of a SQLite table. WAL with synchronous=NORMAL: a write survives
 * the process being killed; a power cut may lose the last writes, which leaves the anchor behind
 * the log (read as a crash, never as a truncation), and costs no fsync on the event loop.
 */
export class SqliteAuditAnchor implements AuditHeadAnchor {
  private upsert: Database.Statement | undefined;

  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
  ) {}

  /** Opens (creating, mode 0600) the anchor database for the API. */
  static open(file: string): SqliteAuditAnchor {
    const db = openSqlite(file, { synchronous: 'NORMAL', private: true });
    db.exec('CREATE TABLE IF NOT EXISTS audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL)');
    return new SqliteAuditAnchor(file, db);
  }

  /** Opens an existing anchor database read-only (for `triage audit verify`); undefined when there is none. */
  static openReadOnly(file: string): SqliteAuditAnchor | undefined {
    if (!fs.existsSync(file)) return undefined;
    return new SqliteAuditAnchor(file, new Database(file, { readonly: true, fileMustExist: true }));
  }

  /** The anchored head; undefined before the first write. */
  read(): AuditHead | undefined {
    const hasTable = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_head'").get();
    if (!hasTable) return undefined;
    const row = this.db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as AuditHead | undefined;
    return row ? { seq: row.seq, hash: row.hash } : undefined;
  }

  /** Replaces the anchored head. */
  write(head: AuditHead): void {
    this.upsert ??= this.db.prepare(
      'INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
    );
    this.upsert.run(head.seq, head.hash);
  }

  /** Closes the database. */
  close(): void {
    this.db.close();
  }
}

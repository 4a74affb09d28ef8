import type Database from 'better-sqlite3';
import { openSqlite } from '@triage/platform';
import type { EvaluationRecord, EvaluationStore } from '../handlers/model-evaluation/evaluation-store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS evaluations (
  execution_arn TEXT PRIMARY KEY,
  ended_at TEXT NOT NULL,
  record TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS evaluations_ended ON evaluations(ended_at);
`;

/** Evaluations in SQLite (`<data>/mlops/evaluations.sqlite`), keyed by execution ARN. */
export class SqliteEvaluationStore implements EvaluationStore {
  private constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  /** Opens (creating when new) the store. */
  static open(options: { file: string }): SqliteEvaluationStore {
    return new SqliteEvaluationStore(openSqlite(options.file));
  }

  async put(record: EvaluationRecord): Promise<void> {
    this.db
      .prepare('INSERT OR REPLACE INTO evaluations (execution_arn, ended_at, record) VALUES (?, ?, ?)')
      .run(record.executionArn, record.endedAt, JSON.stringify(record));
  }

  async get(executionArn: string): Promise<EvaluationRecord | undefined> {
    const row = this.db.prepare<[string], { record: string }>('SELECT record FROM evaluations WHERE execution_arn = ?').get(executionArn);
    return row && (JSON.parse(row.record) as EvaluationRecord);
  }

  async list(options: { limit?: number } = {}): Promise<EvaluationRecord[]> {
    const limit = Math.max(1, Math.min(options.limit ?? 50, 1000));
    return this.db
      .prepare<[number], { record: string }>('SELECT record FROM evaluations ORDER BY ended_at DESC, execution_arn DESC LIMIT ?')
      .all(limit)
      .map((r) => JSON.parse(r.record) as EvaluationRecord);
  }

  /** Closes the file. */
  close(): void {
    this.db.close();
  }
}

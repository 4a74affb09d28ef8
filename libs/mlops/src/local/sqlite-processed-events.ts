import type Database from 'better-sqlite3';
import { openSqlite } from '@triage/platform';
import type { ProcessedEvents } from '../handlers/processed-events';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS processed_events (
  subscriber TEXT NOT NULL,
  event_id TEXT NOT NULL,
  processed_at TEXT NOT NULL,
  PRIMARY KEY (subscriber, event_id)
) WITHOUT ROWID;
`;

/** Processed event ids in SQLite (`<data>/mlops/processed-events.sqlite`). */
export class SqliteProcessedEvents implements ProcessedEvents {
  private constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {
    db.exec(SCHEMA);
  }

  /** Opens (creating when new) the file. */
  static open(options: { file: string; now?: () => Date }): SqliteProcessedEvents {
    return new SqliteProcessedEvents(openSqlite(options.file), options.now ?? (() => new Date()));
  }

  async has(subscriber: string, eventId: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM processed_events WHERE subscriber = ? AND event_id = ?').get(subscriber, eventId) !== undefined;
  }

  async add(subscriber: string, eventId: string): Promise<void> {
    this.db
      .prepare('INSERT OR IGNORE INTO processed_events (subscriber, event_id, processed_at) VALUES (?, ?, ?)')
      .run(subscriber, eventId, this.now().toISOString());
  }

  /** Closes the file. */
  close(): void {
    this.db.close();
  }
}

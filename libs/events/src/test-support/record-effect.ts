import type Database from 'better-sqlite3';
import type { TriageEvent } from '../schemas/detail-types';

/** The crash spec's effect: one row per event in the subscriber's own table. */
export function recordEffect(db: Database.Database): (event: TriageEvent) => void {
  db.exec('CREATE TABLE IF NOT EXISTS effects (n INTEGER PRIMARY KEY, event_id TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO effects (event_id) VALUES (?)');
  return (event) => void insert.run(event.id);
}

import type Database from 'better-sqlite3';
import type { EventHandler, SubscriberName } from '../event-bus';
import type { DetailType, TriageEvent } from '../schemas/detail-types';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS event_processed (
  subscriber TEXT NOT NULL,
  event_id TEXT NOT NULL,
  processed_at INTEGER NOT NULL,
  PRIMARY KEY (subscriber, event_id)
) WITHOUT ROWID;
`;

/**
 * A handler that runs `effect` and records (subscriber, event id) in the subscriber's own database
 * in ONE transaction, and skips an event id already recorded: delivery is at least once, the
 * effect happens once. `effect` is synchronous because it runs inside that transaction (write
 * with `db`; it may append events of its own to an attached outbox).
 */
export function oncePerEvent<T extends DetailType>(
  db: Database.Database,
  subscriber: SubscriberName,
  effect: (event: TriageEvent<T>) => void,
  now: () => Date = () => new Date(),
): EventHandler<T> {
  db.exec(SCHEMA);
  const seen = db.prepare<[string, string], { n: number }>('SELECT 1 AS n FROM event_processed WHERE subscriber = ? AND event_id = ?');
  const record = db.prepare('INSERT INTO event_processed (subscriber, event_id, processed_at) VALUES (?, ?, ?)');
  const once = db.transaction((event: TriageEvent<T>) => {
    if (seen.get(subscriber, event.id)) return;
    effect(event);
    record.run(subscriber, event.id, now().getTime());
  });
  return async (event) => {
    once.immediate(event);
  };
}

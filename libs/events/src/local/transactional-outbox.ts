import type Database from 'better-sqlite3';
import type { TriageEvent, TriageEventEntry } from '../schemas/detail-types';

/**
 * How a local producer (the store, the catalog) emits events in the SAME SQLite transaction as the
 * change that caused them: the outbox tables live in the producer's own database, so a change
 * and its events commit together or not at all. The local bus implements it and delivers from
 * every database attached to it.
 */
export interface TransactionalOutbox {
  /** Creates the outbox tables in `db` (idempotent) and delivers from it from now on. Call once, at open. */
  attach(db: Database.Database): void;
  /** Inside `db`'s open transaction: validates every entry (throws on a bad one, so the transaction rolls back) and appends. */
  append(db: Database.Database, entries: readonly TriageEventEntry[]): TriageEvent[];
  /** After the transaction committed: deliver now instead of at the next poll. Never throws. */
  committed(): void;
}

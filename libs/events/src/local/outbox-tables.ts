import type Database from 'better-sqlite3';
import type { EventId } from '../event-envelope';
import type { SubscriberName } from '../event-bus';
import type { DetailType, TriageEvent } from '../schemas/detail-types';

/** Delivery states: pending (due at next_attempt_at), delivered, dead (parked after the last attempt). */
export type DeliveryState = 'pending' | 'delivered' | 'dead';

// In every database the bus delivers from: its own file, and each producer's attached database, so
// that an event, its fan-out and its delivery state commit with the change that caused them.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS event_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  detail_type TEXT NOT NULL,
  event TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
-- How far each subscriber's fan-out has read this database's outbox.
CREATE TABLE IF NOT EXISTS event_cursors (
  subscriber TEXT PRIMARY KEY,
  last_seq INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS event_deliveries (
  subscriber TEXT NOT NULL,
  seq INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (subscriber, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_deliveries_due ON event_deliveries(subscriber, next_attempt_at, seq) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS event_deliveries_dead ON event_deliveries(updated_at) WHERE state = 'dead';
`;

/** A delivery that is due, with its stored event (parsed and checked by the caller). */
export interface DueDelivery {
  seq: number;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  eventJson: string;
}

/** A dead delivery with its stored event. */
export interface DeadRow {
  subscriber: SubscriberName;
  eventId: EventId;
  detailType: DetailType;
  attempts: number;
  lastError: string;
  deadAt: number;
  eventJson: string;
}

/** The outbox, cursors and deliveries of one database, with their statements prepared once. */
export class OutboxTables {
  private readonly insert: Database.Statement;
  private readonly cursor: Database.Statement<[string], { last_seq: number }>;
  private readonly fanOutRows: Database.Statement;
  private readonly maxSeq: Database.Statement<[number], { seq: number | null }>;
  private readonly saveCursor: Database.Statement;
  private readonly due: Database.Statement<
    [string, number],
    { seq: number; attempts: number; next_attempt_at: number; last_error: string | null; event: string }
  >;
  private readonly earliest: Database.Statement<[string], { at: number | null }>;
  private readonly update: Database.Statement;
  private readonly dead: Database.Statement<[{ subscriber: string | null; limit: number }], Record<string, unknown>>;
  private readonly syncNormal: Database.Statement;
  private readonly syncAsOpened: Database.Statement;

  constructor(readonly db: Database.Database) {
    db.exec(SCHEMA);
    const asOpened = Number(db.pragma('synchronous', { simple: true }));
    this.syncNormal = db.prepare(`PRAGMA synchronous = ${Math.min(asOpened, 1)}`);
    this.syncAsOpened = db.prepare(`PRAGMA synchronous = ${asOpened}`);
    this.insert = db.prepare('INSERT OR IGNORE INTO event_outbox (event_id, detail_type, event, created_at) VALUES (?, ?, ?, ?)');
    this.cursor = db.prepare('SELECT last_seq FROM event_cursors WHERE subscriber = ?');
    this.fanOutRows = db.prepare(
      `INSERT OR IGNORE INTO event_deliveries (subscriber, seq, state, attempts, next_attempt_at, updated_at)
       SELECT @subscriber, seq, 'pending', 0, @now, @now FROM event_outbox
       WHERE seq > @after AND seq <= @upTo AND detail_type IN (SELECT value FROM json_each(@types))`,
    );
    this.maxSeq = db.prepare('SELECT max(seq) AS seq FROM event_outbox WHERE seq > ?');
    this.saveCursor = db.prepare(
      'INSERT INTO event_cursors (subscriber, last_seq) VALUES (?, ?) ON CONFLICT (subscriber) DO UPDATE SET last_seq = excluded.last_seq',
    );
    this.due = db.prepare(
      `SELECT d.seq, d.attempts, d.next_attempt_at, d.last_error, o.event FROM event_deliveries d JOIN event_outbox o ON o.seq = d.seq
       WHERE d.subscriber = ? AND d.state = 'pending' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.seq LIMIT 1`,
    );
    this.earliest = db.prepare("SELECT min(next_attempt_at) AS at FROM event_deliveries WHERE subscriber = ? AND state = 'pending'");
    this.update = db.prepare(
      `UPDATE event_deliveries SET state = @state, attempts = @attempts, next_attempt_at = @nextAttemptAt, last_error = @lastError,
       updated_at = @now WHERE subscriber = @subscriber AND seq = @seq`,
    );
    this.dead = db.prepare(
      `SELECT d.subscriber, o.event_id, o.detail_type, d.attempts, d.last_error, d.updated_at, o.event
       FROM event_deliveries d JOIN event_outbox o ON o.seq = d.seq
       WHERE d.state = 'dead' AND (@subscriber IS NULL OR d.subscriber = @subscriber) ORDER BY d.updated_at, d.seq LIMIT @limit`,
    );
  }

  /** Appends checked events; call inside the producer's transaction. An id already in the outbox is not appended twice. */
  append(events: readonly TriageEvent[], now: number): void {
    for (const event of events) this.insert.run(event.id, event['detail-type'], JSON.stringify(event), now);
  }

  /** Creates the subscriber's pending deliveries for every matching event past its cursor, and moves the cursor, in one transaction. */
  fanOut(subscriber: SubscriberName, detailTypes: readonly DetailType[], now: number): void {
    this.bookkeeping(() =>
      this.db
        .transaction(() => {
          const after = this.cursor.get(subscriber)?.last_seq ?? 0;
          const upTo = this.maxSeq.get(after)?.seq;
          if (upTo === null || upTo === undefined) return;
          this.fanOutRows.run({ subscriber, now, after, upTo, types: JSON.stringify(detailTypes) });
          this.saveCursor.run(subscriber, upTo);
        })
        .immediate(),
    );
  }

  /** The subscriber's delivery due first, at `now`. */
  nextDue(subscriber: SubscriberName, now: number): DueDelivery | undefined {
    const row = this.due.get(subscriber, now);
    return (
      row && { seq: row.seq, attempts: row.attempts, nextAttemptAt: row.next_attempt_at, lastError: row.last_error, eventJson: row.event }
    );
  }

  /** When the subscriber's next pending delivery is due (epoch ms), if it has one. */
  earliestPending(subscriber: SubscriberName): number | undefined {
    return this.earliest.get(subscriber)?.at ?? undefined;
  }

  /** Writes a delivery's new state. */
  setDelivery(
    subscriber: SubscriberName,
    seq: number,
    change: { state: DeliveryState; attempts: number; nextAttemptAt: number; lastError: string | null },
    now: number,
  ): void {
    this.bookkeeping(() => this.update.run({ subscriber, seq, now, ...change }));
  }

  /**
   * Runs a fan-out or a delivery's state change without waiting for the disk (synchronous=NORMAL in
   * WAL: durable when the process dies, and at the next commit that syncs, which syncs everything
   * before it). Power lost before that can only undo bookkeeping, and an undone cursor, lease or
   * delivered mark means one more delivery, which at-least-once handlers take. A STOW-RS instance's
   * events otherwise cost the main thread a dozen fsyncs, one per subscriber and state, more than
   * the instance's own commit. The events themselves are appended in the producer's transaction,
   * at its durability.
   */
  private bookkeeping<T>(write: () => T): T {
    if (this.db.inTransaction) return write();
    this.syncNormal.run();
    try {
      return write();
    } finally {
      this.syncAsOpened.run();
    }
  }

  /** Dead deliveries, oldest parked first. */
  deadLetters(subscriber: SubscriberName | undefined, limit: number): DeadRow[] {
    return this.dead.all({ subscriber: subscriber ?? null, limit }).map((r) => ({
      subscriber: r['subscriber'] as SubscriberName,
      eventId: r['event_id'] as EventId,
      detailType: r['detail_type'] as DetailType,
      attempts: r['attempts'] as number,
      lastError: (r['last_error'] as string | null) ?? '',
      deadAt: r['updated_at'] as number,
      eventJson: r['event'] as string,
    }));
  }

  /** Puts dead deliveries back to pending with fresh attempts; returns how many. */
  replay(selection: { eventIds?: readonly EventId[]; subscriber?: SubscriberName }, now: number): number {
    return this.db
      .prepare(
        `UPDATE event_deliveries SET state = 'pending', attempts = 0, next_attempt_at = @now, updated_at = @now
         WHERE state = 'dead' AND (@subscriber IS NULL OR subscriber = @subscriber)
         AND (@ids IS NULL OR seq IN (SELECT seq FROM event_outbox WHERE event_id IN (SELECT value FROM json_each(@ids))))`,
      )
      .run({ now, subscriber: selection.subscriber ?? null, ids: selection.eventIds ? JSON.stringify(selection.eventIds) : null }).changes;
  }
}

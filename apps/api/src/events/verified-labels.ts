import Database from 'better-sqlite3';
import { openSqlite } from '@triage/platform';
import type { DatastoreId, ImageSetId } from '@triage/dicom';
import { oncePerEvent } from '@triage/events';
import type { EventBus, EventHandler, EventId, SubscriberName, TriageEvent } from '@triage/events';

/** The subscriber's name on the bus: deliveries are tracked under it, so it never changes. */
export const VERIFIED_LABELS_SUBSCRIBER: SubscriberName = 'verified-labels';

/** One ImageVerified the subscriber processed: what the retraining trigger counts. */
export interface VerifiedLabelRecord {
  eventId: EventId;
  datastoreId: DatastoreId;
  imageSetId: ImageSetId;
  sopInstanceUid?: string;
  finding: string;
  verification: 'confirmed' | 'corrected';
  labelVersion: number;
  /** Who verified it (the clinician's name as the label's origin says). */
  principal: string;
  /** The event's own time (ISO 8601). */
  eventTime: string;
  /** When the subscriber processed it (ISO 8601): once per event, however often it was delivered. */
  processedAt: string;
  /** How many times the bus handed the event over (at least once; more after a crash or a failed attempt). */
  deliveries: number;
}

/** What {@link VerifiedLabels.list} returns: records in the order processed, and the `after` of the next page. */
export interface VerifiedLabelPage {
  records: VerifiedLabelRecord[];
  next?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS verified_labels (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  datastore_id TEXT NOT NULL,
  image_set_id TEXT NOT NULL,
  sop_instance_uid TEXT,
  finding TEXT NOT NULL,
  verification TEXT NOT NULL,
  label_version INTEGER NOT NULL,
  principal TEXT NOT NULL,
  event_time TEXT NOT NULL,
  processed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS verified_labels_image_set ON verified_labels(datastore_id, image_set_id, seq);
-- Every hand-over, counted apart from the effect: the effect is once per event, hand-overs are at least once.
CREATE TABLE IF NOT EXISTS verified_label_deliveries (
  event_id TEXT PRIMARY KEY,
  deliveries INTEGER NOT NULL
) WITHOUT ROWID;
`;

interface Row {
  seq: number;
  event_id: string;
  datastore_id: string;
  image_set_id: string;
  sop_instance_uid: string | null;
  finding: string;
  verification: 'confirmed' | 'corrected';
  label_version: number;
  principal: string;
  event_time: string;
  processed_at: string;
  deliveries: number | null;
}

/**
 * The durable 'verified-labels' subscriber: records every ImageVerified once, by event id, in its
 * own SQLite file (the record and "processed" commit in one transaction, so a crash anywhere
 * redelivers and never doubles). It is the retraining trigger's count of verified images, and
 * what an administrator (and the browser tests) read to see that a verification got through.
 */
export class VerifiedLabels {
  /** The bus's handler: counts the hand-over, then processes the event once. */
  readonly handler: EventHandler<'ImageVerified'>;

  private constructor(
    private readonly db: Database.Database,
    now: () => Date,
  ) {
    db.exec(SCHEMA);
    const insert = db.prepare(
      `INSERT INTO verified_labels (event_id, datastore_id, image_set_id, sop_instance_uid, finding, verification, label_version, principal, event_time, processed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const once = oncePerEvent<'ImageVerified'>(db, VERIFIED_LABELS_SUBSCRIBER, (event: TriageEvent<'ImageVerified'>) => {
      const d = event.detail;
      const principal = d.origin.kind === 'clinician' ? d.origin.principal : d.origin.kind;
      insert.run(
        event.id,
        d.datastoreId,
        d.imageSetId,
        d.sopInstanceUid ?? null,
        d.finding,
        d.verification,
        d.labelVersion,
        principal,
        event.time,
        now().toISOString(),
      );
    });
    const count = db.prepare(
      'INSERT INTO verified_label_deliveries (event_id, deliveries) VALUES (?, 1) ON CONFLICT(event_id) DO UPDATE SET deliveries = deliveries + 1',
    );
    this.handler = async (event) => {
      count.run(event.id);
      await once(event);
    };
  }

  /** Opens (creating when new) the subscriber's file. */
  static open(file: string, now: () => Date = () => new Date()): VerifiedLabels {
    return new VerifiedLabels(openSqlite(file), now);
  }

  /** Subscribes to ImageVerified on `bus`: events published while it was down are delivered too. */
  subscribe(bus: EventBus): void {
    bus.subscribe({ name: VERIFIED_LABELS_SUBSCRIBER, detailTypes: ['ImageVerified'], handler: this.handler });
  }

  /** The processed records, oldest first, for one image set or all; `after` is a page's `next`. */
  list(filter: { datastoreId?: DatastoreId; imageSetId?: ImageSetId; after?: number; limit?: number } = {}): VerifiedLabelPage {
    const limit = filter.limit ?? 100;
    const rows = this.db
      .prepare<unknown[], Row>(
        `SELECT v.*, d.deliveries FROM verified_labels v LEFT JOIN verified_label_deliveries d ON d.event_id = v.event_id
         WHERE v.seq > ? AND (? IS NULL OR v.datastore_id = ?) AND (? IS NULL OR v.image_set_id = ?)
         ORDER BY v.seq LIMIT ?`,
      )
      .all(
        filter.after ?? 0,
        filter.datastoreId ?? null,
        filter.datastoreId ?? null,
        filter.imageSetId ?? null,
        filter.imageSetId ?? null,
        limit + 1,
      );
    const page = rows.slice(0, limit);
    return { records: page.map(toRecord), next: rows.length > limit ? page[page.length - 1].seq : undefined };
  }

  /** How many verified images were processed (the retraining trigger's N). */
  count(datastoreId?: DatastoreId): number {
    const row = this.db
      .prepare<unknown[], { n: number }>('SELECT count(*) AS n FROM verified_labels WHERE ? IS NULL OR datastore_id = ?')
      .get(datastoreId ?? null, datastoreId ?? null);
    return row?.n ?? 0;
  }

  close(): void {
    this.db.close();
  }
}

function toRecord(row: Row): VerifiedLabelRecord {
  return {
    eventId: row.event_id,
    datastoreId: row.datastore_id as DatastoreId,
    imageSetId: row.image_set_id as ImageSetId,
    ...(row.sop_instance_uid ? { sopInstanceUid: row.sop_instance_uid } : {}),
    finding: row.finding,
    verification: row.verification,
    labelVersion: row.label_version,
    principal: row.principal,
    eventTime: row.event_time,
    processedAt: row.processed_at,
    deliveries: row.deliveries ?? 0,
  };
}

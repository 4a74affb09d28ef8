import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SubscriberName } from '../event-bus';
import { imageSetCreated } from '../test-support/sample-events';
import { buildEvent } from '../validate-event';
import { OutboxTables } from './outbox-tables';

const SUBSCRIBER = 'projector' as SubscriberName;
const EVENT = buildEvent(imageSetCreated(1), new Date(1));

describe('OutboxTables bookkeeping (fan-out and delivery states written without waiting for the disk)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-outbox-tables-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('leaves the connection at the synchronous level it was opened with, whatever that was, and writes every row', () => {
    const levels = [0, 1, 2, 3];
    const outcomes = levels.map((level) => {
      const db = new Database(path.join(dir, `level-${level}.sqlite`));
      try {
        db.pragma('journal_mode = WAL');
        db.pragma(`synchronous = ${level}`);
        const tables = new OutboxTables(db);
        db.transaction(() => tables.append([EVENT], 1))();
        tables.fanOut(SUBSCRIBER, ['ImageSetCreated'], 2);
        const due = tables.nextDue(SUBSCRIBER, 2);
        tables.setDelivery(SUBSCRIBER, due?.seq ?? -1, { state: 'delivered', attempts: 1, nextAttemptAt: 3, lastError: null }, 3);
        return {
          level: db.pragma('synchronous', { simple: true }),
          deliveries: db.prepare('SELECT subscriber, state, attempts FROM event_deliveries').all(),
        };
      } finally {
        db.close();
      }
    });
    expect(outcomes).toEqual(levels.map((level) => ({ level, deliveries: [{ subscriber: SUBSCRIBER, state: 'delivered', attempts: 1 }] })));
  });

  it("writes a delivery's state inside a caller's transaction at that transaction's durability (the level is not touched there)", () => {
    const db = new Database(path.join(dir, 'producer.sqlite'));
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      const tables = new OutboxTables(db);
      const seen = db.transaction(() => {
        tables.append([EVENT], 1);
        tables.fanOut(SUBSCRIBER, ['ImageSetCreated'], 2);
        tables.setDelivery(SUBSCRIBER, 1, { state: 'dead', attempts: 5, nextAttemptAt: 3, lastError: 'gone' }, 3);
        return db.prepare('SELECT state, last_error FROM event_deliveries').all();
      })();
      expect([seen, db.pragma('synchronous', { simple: true })]).toEqual([[{ state: 'dead', last_error: 'gone' }], 2]);
    } finally {
      db.close();
    }
  });
});

import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventId } from '../event-envelope';
import type { TriageEvent } from '../schemas/detail-types';
import { eventually } from '../test-support/eventually';
import { ManualClock } from '../test-support/manual-clock';
import { imageSetCreated, INVALID_ENTRIES, labelChanged } from '../test-support/sample-events';
import { LocalEventBus, type LocalEventBusOptions } from './local-event-bus';
import { oncePerEvent } from './once-per-event';

let dir: string;
const open: LocalEventBus[] = [];
const dbs: Database.Database[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-local-bus-'));
});
afterEach(async () => {
  for (const bus of open.splice(0)) await bus.close();
  for (const db of dbs.splice(0)) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function openBus(options: Partial<LocalEventBusOptions> = {}): Promise<LocalEventBus> {
  const bus = await LocalEventBus.open({ file: path.join(dir, 'events.sqlite'), backoff: { baseMs: 2, maxMs: 8 }, pollMs: 50, ...options });
  open.push(bus);
  return bus;
}

/** A producer's own database (like the store's index) with one table of its own. */
function producerDb(): Database.Database {
  const db = new Database(path.join(dir, 'producer.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE IF NOT EXISTS things (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  dbs.push(db);
  return db;
}

function id(n: number): EventId {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

describe('LocalEventBus as a transactional outbox', () => {
  it('delivers what a producer appended in its own transaction, once that committed', async () => {
    const bus = await openBus();
    const db = producerDb();
    bus.attach(db);
    const seen: TriageEvent[] = [];
    bus.subscribe({ name: 'projector', detailTypes: ['ImageSetCreated'], handler: async (e) => void seen.push(e) });
    const appended = db.transaction(() => {
      db.prepare("INSERT INTO things (name) VALUES ('one')").run();
      return bus.append(db, [imageSetCreated(1, id(1))]);
    })();
    bus.committed();
    expect(appended.map((e) => e.id)).toEqual([id(1)]);
    await eventually(() => expect(seen.map((e) => e.id)).toEqual([id(1)]));
    expect(db.prepare('SELECT count(*) AS n FROM event_outbox').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT subscriber, state, attempts FROM event_deliveries').all()).toEqual([
      { subscriber: 'projector', state: 'delivered', attempts: 1 },
    ]);
  });

  it('emits nothing when the producer transaction rolls back', async () => {
    const bus = await openBus();
    const db = producerDb();
    bus.attach(db);
    const seen: EventId[] = [];
    bus.subscribe({ name: 'projector', detailTypes: ['ImageSetCreated'], handler: async (e) => void seen.push(e.id) });
    expect(() =>
      db.transaction(() => {
        db.prepare("INSERT INTO things (name) VALUES ('rolled back')").run();
        bus.append(db, [imageSetCreated(1, id(2))]);
        throw new Error('the change failed after its event was appended');
      })(),
    ).toThrow('the change failed');
    bus.committed();
    db.transaction(() => bus.append(db, [imageSetCreated(2, id(3))]))();
    bus.committed();
    await eventually(() => expect(seen).toContain(id(3)));
    await bus.settled();
    expect({
      seen,
      things: db.prepare('SELECT count(*) AS n FROM things').get(),
      outbox: db.prepare('SELECT count(*) AS n FROM event_outbox').get(),
    }).toEqual({
      seen: [id(3)],
      things: { n: 0 },
      outbox: { n: 1 },
    });
  });

  it.each(INVALID_ENTRIES)(
    'refuses an invalid entry on append ($name): the producer transaction rolls back, its own row too',
    async ({ entry, message }) => {
      const bus = await openBus();
      const db = producerDb();
      bus.attach(db);
      expect(() =>
        db.transaction(() => {
          db.prepare("INSERT INTO things (name) VALUES ('with a bad event')").run();
          bus.append(db, [imageSetCreated(3), entry as never]);
        })(),
      ).toThrow(message);
      expect([db.prepare('SELECT count(*) AS n FROM things').get(), db.prepare('SELECT count(*) AS n FROM event_outbox').get()]).toEqual([
        { n: 0 },
        { n: 0 },
      ]);
    },
  );

  it('refuses an append outside a transaction and one into a database not attached', async () => {
    const bus = await openBus();
    const db = producerDb();
    expect(() => bus.append(db, [imageSetCreated(1)])).toThrow('append: attach(db) this database to the bus first');
    bus.attach(db);
    expect(() => bus.append(db, [imageSetCreated(1)])).toThrow('append: call inside the transaction that makes the change');
  });
});

describe('LocalEventBus delivery', () => {
  it('retries with exponential backoff: attempts 1, 2, 3 at growing delays', async () => {
    const clock = new ManualClock(1_000_000);
    const bus = await openBus({
      now: clock.now,
      timers: clock.timers,
      random: () => 0.5,
      backoff: { baseMs: 500, maxMs: 60_000 },
      pollMs: 10_000,
    });
    const attempts: number[] = [];
    bus.subscribe({
      name: 'flaky',
      detailTypes: ['ImageSetCreated'],
      handler: async () => {
        attempts.push(clock.ms - 1_000_000);
        if (attempts.length < 3) throw new Error(`failure ${attempts.length}`);
      },
    });
    await bus.publish([imageSetCreated(1, id(10))]);
    await bus.settled();
    // The wait after attempt n is 3/4 of min(maxMs, baseMs * 2^(n-1)) with the jitter pinned at its middle.
    for (const at of [1_000_375, 1_001_125]) {
      await clock.timerAt(at);
      clock.advanceTo(at);
      await bus.settled();
    }
    expect(attempts).toEqual([0, 375, 1125]);
    expect(await bus.listDeadLetters()).toEqual([]);
  });

  it('dead-letters a row damaged in the database with the validation error, and never hands it to a handler', async () => {
    const bus = await openBus();
    const db = producerDb();
    bus.attach(db);
    db.transaction(() => bus.append(db, [imageSetCreated(1, id(20)), imageSetCreated(2, id(21))]))();
    db.prepare("UPDATE event_outbox SET event = json_set(event, '$.detail.instances', -5) WHERE event_id = ?").run(id(20));
    const seen: EventId[] = [];
    bus.subscribe({ name: 'projector', detailTypes: ['ImageSetCreated'], handler: async (e) => void seen.push(e.id) });
    const [dead] = await eventually(async () => {
      const letters = await bus.listDeadLetters();
      expect(letters).toHaveLength(1);
      return letters;
    });
    await bus.settled();
    expect({ seen, eventId: dead.eventId, attempts: dead.attempts, lastError: dead.lastError }).toEqual({
      seen: [id(21)],
      eventId: id(20),
      attempts: 0,
      lastError: 'not delivered: invalid ImageSetCreated event: /detail/instances: Expected integer to be greater or equal to 0',
    });
  });

  it('logs one line per dead letter', async () => {
    const lines: { details: object; message: string }[] = [];
    const logger = { warn: (details: object, message: string) => void lines.push({ details, message }), error: () => undefined };
    const bus = await openBus({ maxAttempts: 2, logger });
    bus.subscribe({ name: 'broken', detailTypes: ['LabelChanged'], handler: () => Promise.reject(new Error('always')) });
    await bus.publish([labelChanged(1, id(30))]);
    await eventually(() => expect(lines).toHaveLength(1));
    expect(lines).toEqual([
      {
        details: { subscriber: 'broken', eventId: id(30), detailType: 'LabelChanged', attempts: 2, error: 'always' },
        message: 'event dead-lettered',
      },
    ]);
  });

  it('close() waits for a handler in progress, and delivers nothing after', async () => {
    const bus = await openBus();
    let release!: () => void;
    const started = new Promise<void>((resolve) => {
      bus.subscribe({
        name: 'slow',
        detailTypes: ['ImageSetCreated'],
        handler: () => {
          resolve();
          return new Promise<void>((done) => (release = done));
        },
      });
    });
    await bus.publish([imageSetCreated(1, id(40))]);
    await started;
    let closed = false;
    const closing = bus.close().then(() => (closed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    release();
    await closing;
    expect(closed).toBe(true);
    await expect(bus.publish([imageSetCreated(2)])).rejects.toThrow('the event bus is closed');
  });

  it('refuses a second subscriber of the same name', async () => {
    const bus = await openBus();
    bus.subscribe({ name: 'one', detailTypes: ['ImageSetCreated'], handler: async () => undefined });
    expect(() => bus.subscribe({ name: 'one', detailTypes: ['LabelChanged'], handler: async () => undefined })).toThrow(
      'subscribe: one is already subscribed',
    );
  });
});

describe('oncePerEvent', () => {
  it('runs the effect once per event id, recorded in the same transaction as the effect', async () => {
    const db = producerDb();
    const handler = oncePerEvent<'ImageSetCreated'>(db, 'projector', (event) => {
      db.prepare('INSERT INTO things (name) VALUES (?)').run(event.detail.imageSetId);
    });
    const bus = await openBus();
    await bus.publish([imageSetCreated(1, id(50))]);
    const [event] = (await new Promise<TriageEvent[]>((resolve) => {
      bus.subscribe({ name: 'capture', detailTypes: ['ImageSetCreated'], handler: async (e) => resolve([e]) });
    })) as TriageEvent<'ImageSetCreated'>[];
    await handler(event);
    await handler(event);
    const failing = oncePerEvent<'ImageSetCreated'>(db, 'projector', () => {
      db.prepare("INSERT INTO things (name) VALUES ('half')").run();
      throw new Error('effect failed');
    });
    const other = { ...event, id: id(51) };
    await expect(failing(other)).rejects.toThrow('effect failed');
    expect({
      things: db.prepare('SELECT name FROM things').all(),
      processed: db.prepare('SELECT subscriber, event_id FROM event_processed').all(),
    }).toEqual({ things: [{ name: event.detail.imageSetId }], processed: [{ subscriber: 'projector', event_id: id(50) }] });
  });
});

import Database from 'better-sqlite3';
import { openSqlite } from '@triage/platform';
import type { EventId } from '../event-envelope';
import type { DeadLetter, DeadLetters, EventBus, EventHandler, PublishedEvent, SubscriberName, Subscription } from '../event-bus';
import type { DetailType, TriageEvent, TriageEventEntry } from '../schemas/detail-types';
import { buildEvent, checkEvent } from '../validate-event';
import { NODE_TIMERS, type BusTimers } from './bus-timers';
import { OutboxTables, type DueDelivery } from './outbox-tables';
import { retryDelay, type BackoffOptions } from './retry-backoff';
import type { TransactionalOutbox } from './transactional-outbox';

/** The few logger methods the bus uses (pino's shape). */
export interface EventBusLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Options for {@link LocalEventBus.open}. */
export interface LocalEventBusOptions {
  /** The bus's own SQLite file: the outbox of events published with publish(). */
  file: string;
  /** Attempts before a delivery is parked as dead (default 8). */
  maxAttempts?: number;
  /** Exponential backoff with jitter between attempts (default 500 ms doubling up to 60 s). */
  backoff?: Partial<BackoffOptions>;
  /** The longest the bus sleeps without looking for work (default 1000 ms): catches appends nobody announced with committed(). */
  pollMs?: number;
  /** The clock (tests pin it). */
  now?: () => Date;
  /** The timers wake-ups are scheduled with (tests pass a manual clock's). */
  timers?: BusTimers;
  /** The jitter's randomness, in [0, 1) (tests pin it). */
  random?: () => number;
  /** Where a dead letter and a failing pass are told. */
  logger?: EventBusLogger;
}

interface SubscriberState {
  subscription: Subscription<DetailType>;
  running?: Promise<void>;
  again: boolean;
  timer?: unknown;
}

const DEFAULT_LIMIT = 100;

/**
 * The durable local bus: every event is a row in an outbox table of a SQLite database (the bus's
 * own, or a producer's, written in the producer's transaction); each subscriber's deliveries are
 * rows beside it, so a restart loses nothing. At least once to every subscriber whose detail
 * types match, retried with exponential backoff, parked as dead after maxAttempts, replayable.
 * One subscriber's deliveries run one at a time, oldest due first; subscribers run side by side.
 */
export class LocalEventBus implements EventBus, DeadLetters, TransactionalOutbox {
  private readonly tables = new Map<Database.Database, OutboxTables>();
  private readonly subscribers = new Map<SubscriberName, SubscriberState>();
  private readonly maxAttempts: number;
  private readonly backoff: BackoffOptions;
  private readonly pollMs: number;
  private readonly now: () => Date;
  private readonly timers: BusTimers;
  private readonly random: () => number;
  private readonly logger?: EventBusLogger;
  private kick?: NodeJS.Immediate;
  private closing = false;

  private constructor(
    private readonly home: Database.Database,
    options: LocalEventBusOptions,
  ) {
    this.maxAttempts = positive('maxAttempts', options.maxAttempts ?? 8);
    this.backoff = {
      baseMs: positive('backoff.baseMs', options.backoff?.baseMs ?? 500),
      maxMs: positive('backoff.maxMs', options.backoff?.maxMs ?? 60_000),
    };
    this.pollMs = positive('pollMs', options.pollMs ?? 1000);
    this.now = options.now ?? (() => new Date());
    this.timers = options.timers ?? NODE_TIMERS;
    this.random = options.random ?? Math.random;
    this.logger = options.logger;
    this.attach(home);
  }

  /** Opens (creating when new) the bus's own file (WAL) and starts delivering once something subscribes. */
  static async open(options: LocalEventBusOptions): Promise<LocalEventBus> {
    return new LocalEventBus(openSqlite(options.file), options);
  }

  attach(db: Database.Database): void {
    if (this.tables.has(db)) return;
    this.tables.set(db, new OutboxTables(db));
    this.committed();
  }

  append(db: Database.Database, entries: readonly TriageEventEntry[]): TriageEvent[] {
    const tables = this.tables.get(db);
    if (!tables) throw new Error('append: attach(db) this database to the bus first');
    // Outside a transaction the event would not commit with the change that caused it.
    if (!db.inTransaction) throw new Error('append: call inside the transaction that makes the change');
    const now = this.now();
    const events = entries.map((entry) => buildEvent(entry, now));
    tables.append(events, now.getTime());
    return events;
  }

  committed(): void {
    if (this.closing || this.kick) return;
    this.kick = setImmediate(() => {
      this.kick = undefined;
      for (const state of this.subscribers.values()) this.pump(state);
    });
  }

  async publish(entries: readonly TriageEventEntry[]): Promise<PublishedEvent[]> {
    this.checkOpen();
    const events = this.home.transaction(() => this.append(this.home, entries)).immediate();
    this.committed();
    return events.map((e) => ({ eventId: e.id }));
  }

  subscribe<T extends DetailType>(subscription: Subscription<T>): void {
    this.checkOpen();
    if (this.subscribers.has(subscription.name)) throw new Error(`subscribe: ${subscription.name} is already subscribed`);
    if (subscription.detailTypes.length === 0) throw new Error(`subscribe: ${subscription.name} names no detail type`);
    const state: SubscriberState = { subscription: subscription as unknown as Subscription<DetailType>, again: false };
    this.subscribers.set(subscription.name, state);
    this.pump(state);
  }

  async listDeadLetters(options: { subscriber?: SubscriberName; limit?: number } = {}): Promise<DeadLetter[]> {
    this.checkOpen();
    const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_LIMIT, 1000));
    const rows = this.openTables()
      .flatMap((t) => t.deadLetters(options.subscriber, limit))
      .sort((a, b) => a.deadAt - b.deadAt)
      .slice(0, limit);
    return rows.map((r) => ({
      eventId: r.eventId,
      subscriber: r.subscriber,
      detailType: r.detailType,
      attempts: r.attempts,
      lastError: r.lastError,
      deadAt: new Date(r.deadAt).toISOString(),
      event: parseStored(r.eventJson) as TriageEvent,
    }));
  }

  async replayDeadLetters(selection: { eventIds?: readonly EventId[]; subscriber?: SubscriberName } = {}): Promise<number> {
    this.checkOpen();
    const now = this.now().getTime();
    const count = this.openTables().reduce((n, t) => n + t.replay(selection, now), 0);
    if (count > 0) this.committed();
    return count;
  }

  /** Resolves once nothing is being delivered and nothing due now is left (deliveries waiting on backoff are not waited for). */
  async settled(): Promise<void> {
    for (;;) {
      if (this.kick) {
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      const running = [...this.subscribers.values()].flatMap((s) => (s.running ? [s.running] : []));
      if (running.length === 0) return;
      await Promise.allSettled(running);
    }
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.kick) clearImmediate(this.kick);
    this.kick = undefined;
    for (const state of this.subscribers.values()) if (state.timer !== undefined) this.timers.clearTimeout(state.timer);
    await Promise.allSettled([...this.subscribers.values()].flatMap((s) => (s.running ? [s.running] : [])));
    this.home.close();
  }

  private pump(state: SubscriberState): void {
    if (this.closing) return;
    if (state.running) {
      state.again = true;
      return;
    }
    if (state.timer !== undefined) this.timers.clearTimeout(state.timer);
    state.timer = undefined;
    state.running = this.run(state).finally(() => {
      state.running = undefined;
      this.schedule(state);
    });
  }

  private async run(state: SubscriberState): Promise<void> {
    const { name, detailTypes } = state.subscription;
    do {
      state.again = false;
      try {
        for (const tables of this.openTables()) tables.fanOut(name, detailTypes, this.now().getTime());
        for (;;) {
          const next = this.closing ? undefined : this.nextDue(name);
          if (!next) break;
          await this.deliver(state, next.tables, next.due);
        }
      } catch (error) {
        // A database busy or closed under us: the rows are intact, the next wake-up tries again.
        this.logger?.error({ subscriber: name, error: messageOf(error) }, 'event delivery pass failed');
      }
    } while (state.again && !this.closing);
  }

  private nextDue(name: SubscriberName): { tables: OutboxTables; due: DueDelivery } | undefined {
    const now = this.now().getTime();
    let best: { tables: OutboxTables; due: DueDelivery } | undefined;
    for (const tables of this.openTables()) {
      const due = tables.nextDue(name, now);
      if (due && (!best || due.nextAttemptAt < best.due.nextAttemptAt)) best = { tables, due };
    }
    return best;
  }

  private async deliver(state: SubscriberState, tables: OutboxTables, due: DueDelivery): Promise<void> {
    const { name, handler } = state.subscription;
    let event: TriageEvent;
    try {
      event = checkEvent(parseStored(due.eventJson));
    } catch (error) {
      // A row damaged in the database: retrying cannot mend it, and a handler must never see it.
      this.park(tables, name, due, due.attempts, `not delivered: ${messageOf(error)}`);
      return;
    }
    if (due.attempts >= this.maxAttempts) {
      // Its last attempt began and never finished: the process ended while the handler ran.
      this.park(tables, name, due, due.attempts, due.lastError ?? 'the last attempt did not finish');
      return;
    }
    const attempts = due.attempts + 1;
    const started = this.now().getTime();
    // The lease: were the process to end inside the handler, this attempt still counts and the retry waits its backoff.
    tables.setDelivery(
      name,
      due.seq,
      {
        state: 'pending',
        attempts,
        nextAttemptAt: started + retryDelay(attempts, this.backoff, this.random),
        lastError: `attempt ${attempts} did not finish (the process ended while the handler ran)`,
      },
      started,
    );
    let failure: unknown;
    try {
      await (handler as EventHandler)(event);
    } catch (error) {
      failure = error ?? new Error('handler failed');
    }
    if (!tables.db.open) return;
    const now = this.now().getTime();
    if (failure === undefined) {
      tables.setDelivery(name, due.seq, { state: 'delivered', attempts, nextAttemptAt: now, lastError: null }, now);
    } else if (attempts >= this.maxAttempts) {
      this.park(tables, name, due, attempts, messageOf(failure));
    } else {
      const nextAttemptAt = now + retryDelay(attempts, this.backoff, this.random);
      tables.setDelivery(name, due.seq, { state: 'pending', attempts, nextAttemptAt, lastError: messageOf(failure) }, now);
    }
  }

  private park(tables: OutboxTables, name: SubscriberName, due: DueDelivery, attempts: number, lastError: string): void {
    const now = this.now().getTime();
    tables.setDelivery(name, due.seq, { state: 'dead', attempts, nextAttemptAt: now, lastError }, now);
    const stored = parseStored(due.eventJson) as Partial<TriageEvent> | undefined;
    this.logger?.warn(
      { subscriber: name, eventId: stored?.id, detailType: stored?.['detail-type'], attempts, error: lastError },
      'event dead-lettered',
    );
  }

  private schedule(state: SubscriberState): void {
    if (this.closing || state.running) return;
    if (state.again) {
      this.pump(state);
      return;
    }
    const now = this.now().getTime();
    let delay = this.pollMs;
    for (const tables of this.openTables()) {
      const at = tables.earliestPending(state.subscription.name);
      if (at !== undefined) delay = Math.min(delay, at - now);
    }
    // At least 1 ms: a database held in a transaction across turns must not spin the loop.
    state.timer = this.timers.setTimeout(
      () => {
        state.timer = undefined;
        this.pump(state);
      },
      Math.max(1, delay),
    );
  }

  private openTables(): OutboxTables[] {
    return [...this.tables.values()].filter((t) => t.db.open && !t.db.inTransaction);
  }

  private checkOpen(): void {
    if (this.closing) throw new Error('the event bus is closed');
  }
}

function parseStored(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`LocalEventBus: ${name} must be a positive number, got ${value}`);
  return value;
}

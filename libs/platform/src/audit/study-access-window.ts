import { recordDurably, type AuditEvent, type AuditSink } from './audit-event';

/**
 * One successful read of a study's data (frames, instances, metadata, a rendering): the request's
 * own audit event, and what it names and served.
 */
export interface StudyAccess {
  /** The request's record, written durably when this read opens a window. */
  event: AuditEvent;
  /** What the window is keyed on with the principal: a Study Instance UID, or `imageSet:<id>` where the API names no study. */
  study: string;
  /**
   * The aggregated record's `resource`, and part of the window's key: what kind of read of the study it
   * counts, as the route under the study's path with its other parameters (series, instance, frames) written `*`.
   */
  resource: string;
  /** Frames the answer held (0 for a metadata or instance answer). */
  frames: number;
  /** Instances the answer held (0 for a frames answer). */
  instances: number;
}

/** A scheduled call that can be called off (the window's end). */
export interface ScheduledCall {
  cancel(): void;
}

/** Runs `fn` after `ms` without keeping the process alive for it (tests give their own, to fire by hand). */
export type Schedule = (fn: () => void, ms: number) => ScheduledCall;

/** How long and how far a window runs, and the clock and timer it runs on. */
export interface StudyAccessWindowOptions {
  /** How long a window stays open after its first read, in ms; default {@link DEFAULT_ACCESS_WINDOW_MS}. */
  windowMs?: number;
  /** Reads counted in one window before its record is written and the next read opens a new one; default {@link DEFAULT_MAX_WINDOW_ACCESSES}. */
  maxAccesses?: number;
  /** Windows open at once; a read beyond them is recorded on its own (durably), as if windows were off. Default {@link DEFAULT_MAX_OPEN_WINDOWS}. */
  maxOpenWindows?: number;
  /** Milliseconds since the epoch; default Date.now. */
  now?: () => number;
  /** Default: an unref'd setTimeout. */
  schedule?: Schedule;
  /** A window's record that could not be written when its timer ended it (nothing awaits it there). */
  onError?: (error: unknown) => void;
}

/** A window stays open this long after the first read of a study by a principal. */
export const DEFAULT_ACCESS_WINDOW_MS = 5_000;
/** A window is written out after this many following reads, bounding what a crash can lose. */
export const DEFAULT_MAX_WINDOW_ACCESSES = 10_000;
/** Open windows are bounded so that many principals or studies cannot grow memory without end. */
export const DEFAULT_MAX_OPEN_WINDOWS = 10_000;

interface Window {
  /** The first read's record on disk: every read counted in this window is answered only after it. */
  durable: Promise<void>;
  /** Set once `durable` resolved: the aggregate can then be appended at once, in the order windows end. */
  onDisk: boolean;
  /** The event the aggregated record copies who, action and where from from. */
  first: AuditEvent;
  resource: string;
  openedAt: number;
  end: ScheduledCall;
  accesses: number;
  frames: number;
  instances: number;
  firstAt?: number;
  lastAt?: number;
}

const unrefTimeout: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
};

/**
 * Audits study reads per access, not per request (DICOM PS3.15 A.5.3.6 "DICOM Instances Accessed"
 * records the studies a participant accessed, not each instance): the first read of a study by a
 * principal (same name, role, action and source; same kind of read, its `resource`) is recorded
 * durably before it resolves; the reads that follow within `windowMs` are counted in memory and written as
 * one record when the window ends (timer), when it reaches `maxAccesses`, or on {@link flush} /
 * {@link close}. Its detail says what it aggregates: `accesses: N; frames: F; instances: I; window:
 * <first>..<last>` (the following reads only: the first has its own record). A crash loses at most
 * the counters of the windows open at the time; each of those studies' first read is on disk.
 */
export class StudyAccessWindows {
  private readonly windows = new Map<string, Window>();
  /** Aggregated records on their way to disk (flush waits for them). */
  private readonly writing = new Set<Promise<void>>();
  private readonly windowMs: number;
  private readonly maxAccesses: number;
  private readonly maxOpenWindows: number;
  private readonly now: () => number;
  private readonly schedule: Schedule;
  private closed = false;

  constructor(
    private readonly sink: AuditSink,
    private readonly options: StudyAccessWindowOptions = {},
  ) {
    this.windowMs = options.windowMs ?? DEFAULT_ACCESS_WINDOW_MS;
    this.maxAccesses = options.maxAccesses ?? DEFAULT_MAX_WINDOW_ACCESSES;
    this.maxOpenWindows = options.maxOpenWindows ?? DEFAULT_MAX_OPEN_WINDOWS;
    this.now = options.now ?? Date.now;
    this.schedule = options.schedule ?? unrefTimeout;
    if (!(this.windowMs >= 0) || !(this.maxAccesses >= 1) || !(this.maxOpenWindows >= 0))
      throw new RangeError(
        `study access windows: windowMs >= 0, maxAccesses >= 1 and maxOpenWindows >= 0 (got ${this.windowMs}, ${this.maxAccesses}, ${this.maxOpenWindows})`,
      );
  }

  /** How many windows are open (their counters are what a crash now would lose). */
  get openWindows(): number {
    return this.windows.size;
  }

  /**
   * Audits one successful study read; resolves once the read may be answered: when its window's
   * first record is on disk (at once for a read counted in a window whose first record already is).
   */
  async access(access: StudyAccess): Promise<void> {
    const at = this.now();
    const key = windowKey(access);
    let window = this.windows.get(key);
    if (window && at - window.openedAt >= this.windowMs) {
      // Its timer has not run yet (a busy loop, or a test's clock): the window is over all the same.
      this.end(key, window);
      window = undefined;
    }
    if (!window) {
      if (this.closed || this.windowMs === 0 || this.windows.size >= this.maxOpenWindows) return this.durably(access.event);
      return this.open(key, access, at).durable;
    }
    window.accesses += 1;
    window.frames += access.frames;
    window.instances += access.instances;
    window.firstAt ??= at;
    window.lastAt = at;
    const durable = window.durable;
    if (window.accesses >= this.maxAccesses) this.end(key, window);
    return durable;
  }

  /** Writes every open window's record now and resolves once each is on disk. */
  async flush(): Promise<void> {
    for (const [key, window] of [...this.windows]) this.end(key, window);
    while (this.writing.size > 0) await Promise.all([...this.writing]);
  }

  /** Flushes, and records later reads one by one (durably): call before the audit log closes. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private open(key: string, access: StudyAccess, at: number): Window {
    const window: Window = {
      durable: this.durably(access.event),
      onDisk: false,
      first: access.event,
      resource: access.resource,
      openedAt: at,
      end: this.schedule(() => {
        if (this.windows.get(key) === window) this.end(key, window);
      }, this.windowMs),
      accesses: 0,
      frames: 0,
      instances: 0,
    };
    this.windows.set(key, window);
    window.durable.then(
      () => (window.onDisk = true),
      () => {
        // A first record that never reached the disk ends its window unwritten: the reads waiting on it fail with it.
        if (this.windows.get(key) === window) {
          this.windows.delete(key);
          window.end.cancel();
        }
      },
    );
    return window;
  }

  private end(key: string, window: Window): void {
    this.windows.delete(key);
    window.end.cancel();
    if (window.accesses === 0) return;
    const { first } = window;
    const event: AuditEvent = {
      actor: first.actor,
      role: first.role,
      action: first.action,
      resource: window.resource,
      outcome: 'success',
      source: first.source,
      detail:
        `accesses: ${window.accesses}; frames: ${window.frames}; instances: ${window.instances}; ` +
        `window: ${iso(window.firstAt)}..${iso(window.lastAt)}`,
    };
    // Never ahead of the read that opened the window in the chain; appended now when that one is on disk already, so a
    // read that ends a window by coming after it lands after the window's record.
    const written = window.onDisk
      ? this.durably(event)
      : window.durable.then(
          () => this.durably(event),
          () => undefined,
        );
    const tracked = written.catch((error: unknown) => this.options.onError?.(error)).finally(() => this.writing.delete(tracked));
    this.writing.add(tracked);
  }

  private durably(event: AuditEvent): Promise<void> {
    return recordDurably(this.sink, event);
  }
}

/** The window's key: who (name, role, where from), which action, which study, which kind of read. */
function windowKey({ event, study, resource }: StudyAccess): string {
  return JSON.stringify([event.actor, event.role, event.source, event.action, study, resource]);
}

function iso(ms: number | undefined): string {
  return new Date(ms ?? 0).toISOString();
}

import type { BusTimers } from '../local/bus-timers';

interface Timer {
  dueAt: number;
  callback: () => void;
}

/** A clock that moves only when a test moves it, with the timers the bus schedules on it. */
export class ManualClock {
  private current: number;
  private readonly pending = new Map<number, Timer>();
  private nextHandle = 1;
  private readonly waiters: { dueAt: number; resolve: () => void }[] = [];

  constructor(start = 0) {
    this.current = start;
  }

  /** The `now` option. */
  readonly now = (): Date => new Date(this.current);

  /** The `timers` option. */
  readonly timers: BusTimers = {
    setTimeout: (callback, ms) => {
      const handle = this.nextHandle++;
      const dueAt = this.current + ms;
      this.pending.set(handle, { dueAt, callback });
      for (const w of this.waiters.filter((w) => w.dueAt === dueAt)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
      return handle;
    },
    clearTimeout: (handle) => {
      this.pending.delete(handle as number);
    },
  };

  /** Milliseconds since the clock's start. */
  get ms(): number {
    return this.current;
  }

  /** Resolves once a timer is scheduled to fire at `dueAt` (already scheduled: at once). */
  timerAt(dueAt: number): Promise<void> {
    if ([...this.pending.values()].some((t) => t.dueAt === dueAt)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ dueAt, resolve }));
  }

  /** Moves the clock to `at` and fires every timer due by then, earliest first. */
  advanceTo(at: number): void {
    this.current = Math.max(this.current, at);
    const due = [...this.pending.entries()].filter(([, t]) => t.dueAt <= this.current).sort((a, b) => a[1].dueAt - b[1].dueAt);
    for (const [handle, timer] of due) {
      this.pending.delete(handle);
      timer.callback();
    }
  }
}

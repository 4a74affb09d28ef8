/** The timers the bus schedules its wake-ups with (tests pass a manual clock's). */
export interface BusTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's timers, unref'd: a pending retry alone does not keep a process alive. */
export const NODE_TIMERS: BusTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

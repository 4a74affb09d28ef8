/**
 * Coalesces DOM writes to one per animation frame: `schedule()` as often as events come (a slice change per key
 * press), `write` runs once before the next paint with whatever state is current then. `cancel()` drops a pending one.
 */
export function perFrame(write: () => void): { schedule(): void; cancel(): void } {
  let handle: number | undefined;
  return {
    schedule() {
      handle ??= requestAnimationFrame(() => {
        handle = undefined;
        write();
      });
    },
    cancel() {
      if (handle !== undefined) cancelAnimationFrame(handle);
      handle = undefined;
    },
  };
}

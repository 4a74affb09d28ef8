/**
 * Re-checks `condition` (every `intervalMs`) until it returns a value other than undefined, and returns that value;
 * throws with `what` after `timeoutMs`. For state another process reaches in its own time (the worklist after an
 * ingest, a delivery after a restart): the wait ends on the condition, never on a guess of how long it takes.
 */
export async function eventually<T>(
  what: string,
  condition: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not reached within ${timeoutMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

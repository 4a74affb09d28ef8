/** Retries `check` (an assertion) until it passes or `timeoutMs` runs out, then throws its last error: waits for a condition, never a fixed time. */
export async function eventually<T>(check: () => T | Promise<T>, { timeoutMs = 20_000, everyMs = 5 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}

import { request } from 'undici';
import type { Target } from '../server/api-server';
import { isRunning } from '../server/api-server';

/** Whether the server is alive: our child has not exited and /healthz answers 200 (three tries, a deadline each). */
export async function isAlive(target: Target, deadlineMs: number): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (!isRunning(target)) return false;
    try {
      const response = await request(`${target.url}/healthz`, { signal: AbortSignal.timeout(deadlineMs) });
      await response.body.dump();
      if (response.statusCode === 200) return true;
    } catch {
      // Tried again below: one slow answer on a loaded machine is not a crash.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

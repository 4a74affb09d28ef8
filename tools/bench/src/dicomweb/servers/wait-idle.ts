import * as fs from 'node:fs';

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far; NaN once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/**
 * Waits until every process used under 5% of a core over a quarter second (at most `maxSeconds`), so work a
 * server does in the background after answering (index checkpoints, transcoding) does not land on the next measurement.
 */
export async function waitIdle(pids: number[], maxSeconds = 20): Promise<void> {
  const deadline = Date.now() + maxSeconds * 1000;
  let before = pids.map(cpuSeconds);
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    const now = pids.map(cpuSeconds);
    const busy = now.some((t, i) => t - before[i] > 0.05 * 0.25);
    before = now;
    if (!busy) return;
  }
}

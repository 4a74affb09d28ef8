import * as fs from 'node:fs';

/** Current resident memory of a process in MiB (VmRSS of /proc/PID/status); NaN when unknown. */
export function residentMiB(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Samples a process's resident memory every `ms` and keeps the highest value seen since the last `take()`. */
export class ResidentSampler {
  private highest = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number | undefined,
    ms = 250,
  ) {
    this.timer = setInterval(() => (this.highest = Math.max(this.highest, residentMiB(this.pid) || 0)), ms);
    this.timer.unref();
  }

  /** The highest resident size since the previous call, and starts a new window. */
  take(): number {
    const value = Math.max(this.highest, residentMiB(this.pid) || 0);
    this.highest = 0;
    return value;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

import * as fs from 'node:fs';

/** The processes (Linux /proc) whose environment names `TRIAGE_ML_ROOT=<mlRoot>`: a step's program and what it started. */
export function processesWithMlRoot(mlRoot: string): number[] {
  const wanted = `TRIAGE_ML_ROOT=${mlRoot}`;
  return fs.readdirSync('/proc').flatMap((entry) => {
    if (!/^[0-9]+$/.test(entry)) return [];
    try {
      return fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(wanted) ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

/** Whether a process runs (a zombie waiting for its reaper does not). */
export function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { parseProgressLine, type StepProgress } from '../progress/progress';

/** What a step process is started with. */
export interface StepProcessSpec {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where stdout and stderr are appended. */
  logFile: string;
  onProgress(progress: StepProgress): void;
  /** Called once the process exists, with its pid (its own process group). */
  onStart(pid: number): void;
}

/** How a step process ended. */
export interface StepProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when it could not be started at all. */
  spawnError?: string;
  /** The last line it wrote to stderr, for a failure reason when it left no failure file. */
  lastStderrLine?: string;
}

/** A running step process. */
export interface StepProcess {
  pid?: number;
  exited: Promise<StepProcessExit>;
  /** Signals its whole process group (the step's own children too). */
  kill(signal: NodeJS.Signals): void;
}

/**
 * Starts a step's program in its own process group, stdout and stderr into the attempt's log, each
 * progress line handed on. Its output goes through pipes to this process: when the runner dies, the
 * step's next write fails (EPIPE) and it ends, rather than run on unsupervised; a silent one is
 * killed by the next runner's recovery, which finds it by pid.
 */
export function startStepProcess(spec: StepProcessSpec): StepProcess {
  fs.mkdirSync(path.dirname(spec.logFile), { recursive: true });
  const log = fs.createWriteStream(spec.logFile, { flags: 'a' });
  const [command, ...args] = spec.argv;
  const child = spawn(command, args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let lastStderrLine: string | undefined;
  const exited = new Promise<StepProcessExit>((resolve) => {
    let spawnError: string | undefined;
    child.on('error', (error) => {
      spawnError = `cannot start ${command}: ${error.message}`;
      log.write(`${spawnError}\n`);
    });
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      const progress = parseProgressLine(line);
      if (progress) spec.onProgress(progress);
    });
    const errors = createInterface({ input: child.stderr });
    errors.on('line', (line) => {
      log.write(`${line}\n`);
      if (line.trim()) lastStderrLine = line.trim();
    });
    child.on('close', (code, signal) => {
      log.end(() => resolve({ code, signal, ...(spawnError && { spawnError }), ...(lastStderrLine && { lastStderrLine }) }));
    });
  });
  if (child.pid !== undefined) spec.onStart(child.pid);
  return {
    pid: child.pid,
    exited,
    kill: (signal) => {
      if (child.pid !== undefined) killGroup(child.pid, signal);
    },
  };
}

/** Signals a process group, ignoring one that is gone. */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Whether a recorded step process still runs, and is ours: on Linux its environment must hold the
 * step's TRIAGE_ML_ROOT, so a pid reused by an unrelated process (after a reboot) is never killed.
 */
export function isStepProcessAlive(pid: number, mlRoot: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
    return environ.split('\0').includes(`TRIAGE_ML_ROOT=${mlRoot}`);
  } catch {
    // No /proc (macOS): the pid alone.
    return process.platform !== 'linux';
  }
}

/**
 * Every process whose environment holds the step's TRIAGE_ML_ROOT (Linux; elsewhere none): the step's
 * program and whatever it started, found even when the pid was never recorded (a runner killed between
 * spawning the step and saving its pid) or when the recorded leader is gone but its children are not.
 */
export function stepProcessesOf(mlRoot: string): number[] {
  if (process.platform !== 'linux') return [];
  const wanted = `TRIAGE_ML_ROOT=${mlRoot}`;
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^[0-9]+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(wanted)) found.push(Number(entry));
    } catch {
      // Gone meanwhile, or another user's.
    }
  }
  return found;
}

/** The prefix of a progress line on stdout: the local runner parses these; on SageMaker they are plain log lines in CloudWatch. */
export const PROGRESS_PREFIX = 'TRIAGE_PROGRESS ';

/** One progress report of a step. */
export interface StepProgress {
  /** What the step is doing now, e.g. `decode`, `epoch`, `batch`, `bootstrap`. */
  phase: string;
  done: number;
  total: number;
  message?: string;
  /** Numbers worth drawing (loss, accuracy, learning rate, ...). */
  metrics?: Record<string, number>;
}

/** Writes one progress line (a single write, so lines from one process never interleave). */
export function reportProgress(progress: StepProgress, out: NodeJS.WritableStream = process.stdout): void {
  out.write(`${PROGRESS_PREFIX}${JSON.stringify(progress)}\n`);
}

/** The progress in a stdout line, or undefined when the line is not one. */
export function parseProgressLine(line: string): StepProgress | undefined {
  if (!line.startsWith(PROGRESS_PREFIX)) return undefined;
  try {
    const value = JSON.parse(line.slice(PROGRESS_PREFIX.length)) as StepProgress;
    return typeof value.phase === 'string' && Number.isFinite(value.done) && Number.isFinite(value.total) ? value : undefined;
  } catch {
    return undefined;
  }
}

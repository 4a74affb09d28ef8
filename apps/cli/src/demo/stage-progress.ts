import { SingleBar, Presets } from 'cli-progress';

/** Progress through one stage's items. */
export interface StageProgress {
  tick(n?: number): void;
  stop(): void;
}

/**
 * A bar on stderr when it is a terminal; elsewhere (CI logs, a spec's pipe) a line on stdout at
 * each quarter, so a log shows the stage moving without a line per item.
 */
export function stageProgress(label: string, total: number): StageProgress {
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      { format: `      ${label} [{bar}] {value}/{total} {percentage}% eta {eta_formatted}`, stream: process.stderr, hideCursor: true },
      Presets.shades_classic,
    );
    bar.start(total, 0);
    return { tick: (n = 1) => bar.increment(n), stop: () => bar.stop() };
  }
  let done = 0;
  let quarter = 0;
  return {
    tick(n = 1) {
      done += n;
      const reached = total === 0 ? 4 : Math.floor((done * 4) / total);
      if (reached > quarter) {
        quarter = reached;
        process.stdout.write(`      ${label} ${done}/${total}\n`);
      }
    },
    stop: () => undefined,
  };
}

/** Writes one line of the demo's report on stdout. */
export function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Seconds with one decimal: `12.3 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Wall time of each stage, in order, for the summary at the end. */
export class StageClock {
  private readonly stages: { name: string; ms: number }[] = [];
  private readonly started = Date.now();

  /** Runs one stage, printing its heading, and records how long it took (a failed stage too). */
  async stage<T>(name: string, heading: string, run: () => Promise<T>): Promise<T> {
    say(`\n== ${heading}`);
    const start = Date.now();
    try {
      return await run();
    } finally {
      const ms = Date.now() - start;
      this.stages.push({ name, ms });
      say(`   (${name}: ${seconds(ms)})`);
    }
  }

  /** The table of stage times and the total since the clock was made. */
  summary(): string {
    const width = Math.max(5, ...this.stages.map((s) => s.name.length));
    const lines = this.stages.map((s) => `  ${s.name.padEnd(width)}  ${seconds(s.ms).padStart(8)}`);
    return [...lines, `  ${'total'.padEnd(width)}  ${seconds(Date.now() - this.started).padStart(8)}`].join('\n');
  }
}

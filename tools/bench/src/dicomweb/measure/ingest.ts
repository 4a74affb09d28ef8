import type { DicomwebTarget } from '../client/dicomweb-target';
import { stow } from '../client/dicomweb-target';
import type { LoadGenerator } from '../load/load-generator';
import { progress } from '../report/progress';
import { failures } from './frames';
import { runLoad } from './load';

/** What an ingest run achieved. */
export interface IngestFigures {
  instancesPerSecond: number;
  stored: number;
  refused: number;
  seconds: number;
}

/**
 * STOW-RS of `count` instances, `batch` per request, from `concurrency` clients at once;
 * `file(i)` gives instance i (read or generated as the request is made, so nothing large stays in memory).
 */
export async function ingest(
  target: DicomwebTarget,
  label: string,
  count: number,
  options: { batch: number; concurrency: number },
  file: (i: number) => Uint8Array,
): Promise<IngestFigures> {
  let stored = 0;
  let refused = 0;
  let nextReport = performance.now() + 5000;
  const requests = Math.ceil(count / options.batch);
  const result = await runLoad({ concurrency: options.concurrency, maxRequests: requests, maxSeconds: 3600 }, async (r) => {
    const files: Uint8Array[] = [];
    for (let i = r * options.batch; i < Math.min(count, (r + 1) * options.batch); i++) files.push(file(i));
    const outcome = await stow(target, files);
    stored += outcome.stored;
    refused += outcome.failed;
    if (performance.now() > nextReport) {
      nextReport += 5000;
      progress(`${target.name} ${label}: ${stored}/${count}`);
    }
  });
  const seconds = result.wallMs / 1000;
  const figures = { instancesPerSecond: stored / seconds, stored, refused, seconds };
  progress(
    `${target.name} ${label}: ${stored} stored in ${seconds.toFixed(1)} s (${figures.instancesPerSecond.toFixed(1)}/s)${refused ? `, ${refused} NOT STORED` : ''}${failures(result.failures, result.firstFailure)}`,
  );
  return figures;
}

/**
 * The timed ingest: the Part 10 `files` sent one instance a request from `clients` clients to every target, in
 * `rounds` alternating chunks (A, B, A, B, …) so load from elsewhere on the machine falls on all alike; sent by
 * `generator`, a process of its own. Instances/s by target name, NaN where any instance was not stored.
 */
export async function timedIngest(
  generator: LoadGenerator,
  targets: DicomwebTarget[],
  files: string[],
  rounds: number,
  clients: number,
  settle: () => Promise<void>,
): Promise<Map<string, number>> {
  const chunk = Math.ceil(files.length / rounds);
  const totals = new Map(targets.map((t) => [t.name, { stored: 0, refused: 0, seconds: 0 }]));
  for (let from = 0; from < files.length; from += chunk) {
    const part = files.slice(from, from + chunk);
    for (const target of targets) {
      await settle();
      const result = await generator.stow(target, part, 1, clients);
      const seconds = result.wallMs / 1000;
      progress(
        `${target.name} timed STOW-RS ingest ${from + part.length}/${files.length}: ${result.stored} stored in ${seconds.toFixed(1)} s (${(result.stored / seconds).toFixed(1)}/s)${result.refused ? `, ${result.refused} NOT STORED` : ''}${failures(result.failures, result.firstFailure)}`,
      );
      const total = totals.get(target.name) as { stored: number; refused: number; seconds: number };
      total.stored += result.stored;
      total.refused += result.refused;
      total.seconds += seconds;
    }
  }
  return new Map([...totals].map(([name, t]) => [name, t.refused ? NaN : t.stored / t.seconds]));
}

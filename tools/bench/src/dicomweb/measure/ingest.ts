import type { DicomwebTarget } from '../client/dicomweb-target';
import { stow } from '../client/dicomweb-target';
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
export async function ingest(target: DicomwebTarget, label: string, count: number, options: { batch: number; concurrency: number }, file: (i: number) => Uint8Array): Promise<IngestFigures> {
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
  progress(`${target.name} ${label}: ${stored} stored in ${seconds.toFixed(1)} s (${figures.instancesPerSecond.toFixed(1)}/s)${refused ? `, ${refused} NOT STORED` : ''}${failures(result.failures, result.firstFailure)}`);
  return figures;
}

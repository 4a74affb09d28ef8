import type { CachedSeries } from '../data/ct-series-cache';
import type { DicomwebTarget } from '../client/dicomweb-target';
import { getOk } from '../client/dicomweb-target';
import type { LoadGenerator } from '../load/load-generator';
import { progress } from '../report/progress';
import { failures } from './frames';
import type { LoadShape } from './load';
import { percentile, runAlternating } from './load';

/** WADO-RS series metadata (DICOM JSON of every instance), one client, servers alternating; p50 and p99 by server name. */
export async function measureSeriesMetadata(
  generator: LoadGenerator,
  targets: DicomwebTarget[],
  series: CachedSeries,
  shape: LoadShape,
  rounds: number,
  settle: () => Promise<void>,
): Promise<Map<string, { p50: number; p99: number }>> {
  const path = `/studies/${series.studyInstanceUid}/series/${series.seriesInstanceUid}/metadata`;
  const accept = 'application/dicom+json';
  for (const target of targets) {
    const first = await getOk(target, path, accept);
    const instances = (JSON.parse(first.body.toString('utf8')) as unknown[]).length;
    progress(
      `${target.name} series metadata: ${instances} instances, ${(first.body.length / 1024).toFixed(0)} KiB${instances === series.sopInstanceUids.length ? '' : ` — WARNING: expected ${series.sopInstanceUids.length}`}`,
    );
  }
  const results = await runAlternating(
    generator,
    targets.map((t) => ({ key: t.name, target: t, accept, paths: [path] })),
    shape,
    rounds,
    settle,
  );
  const figures = new Map<string, { p50: number; p99: number }>();
  for (const [name, result] of results) {
    const f = { p50: percentile(result.latenciesMs, 50), p99: percentile(result.latenciesMs, 99) };
    figures.set(name, f);
    progress(
      `${name} series metadata: ${result.latenciesMs.length} requests, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms${failures(result.failures, result.firstFailure)}`,
    );
  }
  return figures;
}

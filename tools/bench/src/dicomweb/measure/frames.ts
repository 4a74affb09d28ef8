import type { CachedSeries } from '../data/ct-series-cache';
import type { DicomwebTarget } from '../client/dicomweb-target';
import { getOk } from '../client/dicomweb-target';
import type { LoadGenerator } from '../load/load-generator';
import { progress } from '../report/progress';
import type { LoadShape } from './load';
import { percentile, runAlternating, throughput } from './load';

/** A server asked for frames with a given Accept header. */
export interface FrameContender {
  key: string;
  /** How the server is asked: `htj2k`, `raw` (uncompressed) or `stored` (as the server keeps it). */
  mode: 'htj2k' | 'raw' | 'stored';
  target: DicomwebTarget;
  accept: string;
}

/** WADO-RS frame retrieval, sequential and concurrent. */
export interface FrameFigures {
  sequential: { p50: number; p99: number; rps: number };
  concurrent: { p50: number; p99: number; rps: number };
  /** Bytes of one answer, multipart framing included. */
  answerBytes: number;
}

/** The Accept header for frames in `transferSyntax` (`*`: as the server stores them). */
export function frameAccept(type: string, transferSyntax: string): string {
  return `multipart/related; type="${type}"; transfer-syntax=${transferSyntax}`;
}

/**
 * Frame 1 of the series' slices, slice after slice in the same order for every contender, with one client and
 * then `concurrent.concurrency` clients, contenders alternating in `rounds` slices.
 */
export async function measureFrames(
  generator: LoadGenerator,
  contenders: FrameContender[],
  series: CachedSeries,
  shapes: { sequential: LoadShape; concurrent: LoadShape },
  rounds: number,
  settle: () => Promise<void>,
): Promise<Map<string, FrameFigures>> {
  const pathOf = (i: number): string => {
    const sop = series.sopInstanceUids[i % series.sopInstanceUids.length];
    return `/studies/${series.studyInstanceUid}/series/${series.seriesInstanceUid}/instances/${sop}/frames/1`;
  };
  const figures = new Map<string, FrameFigures>();
  for (const c of contenders) {
    const first = await getOk(c.target, pathOf(0), c.accept);
    progress(`${c.key}: frame answer ${first.body.length} bytes, ${first.contentType.replace(/; boundary=.*/, '')}`);
    figures.set(c.key, { answerBytes: first.body.length } as FrameFigures);
  }
  for (const mode of ['sequential', 'concurrent'] as const) {
    const paths = series.sopInstanceUids.map((_, i) => pathOf(i));
    const results = await runAlternating(
      generator,
      contenders.map((c) => ({ key: c.key, target: c.target, accept: c.accept, paths })),
      shapes[mode],
      rounds,
      settle,
    );
    for (const c of contenders) {
      const result = results.get(c.key);
      if (!result) continue;
      const f = { p50: percentile(result.latenciesMs, 50), p99: percentile(result.latenciesMs, 99), rps: throughput(result) };
      (figures.get(c.key) as FrameFigures)[mode] = f;
      progress(
        `${c.key} ${mode}: ${result.latenciesMs.length} frames in ${(result.wallMs / 1000).toFixed(1)} s, ${f.rps.toFixed(0)}/s, p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms${failures(result.failures, result.firstFailure)}`,
      );
    }
  }
  return figures;
}

/** ", N FAILED (first: …)" or nothing. */
export function failures(count: number, first: string | undefined): string {
  return count ? `, ${count} FAILED (first: ${first})` : '';
}

import type { CachedSeries } from '../data/ct-series-cache';
import type { DicomwebTarget } from '../client/dicomweb-target';
import { getOk } from '../client/dicomweb-target';
import type { LoadGenerator } from '../load/load-generator';
import { progress } from '../report/progress';
import type { EventLoopObserver, ServerObservation } from './event-loop';
import type { LoadResult, LoadShape } from './load';
import { percentile, runAlternating, throughput } from './load';

/** A server asked for frames with a given Accept header. */
export interface FrameContender {
  key: string;
  /** How the server is asked: `htj2k`, `raw` (uncompressed) or `stored` (as the server keeps it). */
  mode: 'htj2k' | 'raw' | 'stored';
  target: DicomwebTarget;
  accept: string;
}

/** Latency, its two phases as the client saw them, and throughput of one frame load. */
export interface FrameStats {
  p50: number;
  p99: number;
  rps: number;
  /** Time until the answer's headers arrived (the server's work before it sends). */
  headersP50: number;
  headersP99: number;
  /** Time from the headers to the end of the body (transfer, and a server that streams while it works). */
  bodyP99: number;
}

/** WADO-RS frame retrieval, sequential and concurrent, with what our server's /metrics said meanwhile. */
export interface FrameFigures {
  sequential: FrameStats & ServerObservation;
  concurrent: FrameStats & ServerObservation;
  /** Bytes of one answer, multipart framing included. */
  answerBytes: number;
}

/** The Accept header for frames in `transferSyntax` (`*`: as the server stores them). */
export function frameAccept(type: string, transferSyntax: string): string {
  return `multipart/related; type="${type}"; transfer-syntax=${transferSyntax}`;
}

/** Percentiles of a load's latencies and of their phases (body = latency − time to headers, per request). */
export function frameStats(result: LoadResult): FrameStats {
  const headers = result.headersMs ?? [];
  const body = headers.length === result.latenciesMs.length ? result.latenciesMs.map((ms, i) => ms - headers[i]) : [];
  return {
    p50: percentile(result.latenciesMs, 50),
    p99: percentile(result.latenciesMs, 99),
    rps: throughput(result),
    headersP50: percentile(headers, 50),
    headersP99: percentile(headers, 99),
    bodyP99: percentile(body, 99),
  };
}

/**
 * Frame 1 of the series' slices, slice after slice in the same order for every contender, with one client and
 * then `concurrent.concurrency` clients, contenders alternating in `rounds` slices; `observer` scrapes our server
 * around each of its slices.
 */
export async function measureFrames(
  generator: LoadGenerator,
  contenders: FrameContender[],
  series: CachedSeries,
  shapes: { sequential: LoadShape; concurrent: LoadShape },
  rounds: number,
  settle: () => Promise<void>,
  observer?: EventLoopObserver,
  label = '',
): Promise<Map<string, FrameFigures>> {
  const pathOf = (i: number): string => {
    const sop = series.sopInstanceUids[i % series.sopInstanceUids.length];
    return `/studies/${series.studyInstanceUid}/series/${series.seriesInstanceUid}/instances/${sop}/frames/1`;
  };
  const figures = new Map<string, FrameFigures>();
  for (const c of contenders) {
    // The last slice, so a measurement right after ingest does not read frame 1 before the load does.
    const first = await getOk(c.target, pathOf(series.sopInstanceUids.length - 1), c.accept);
    progress(`${c.key}${label}: frame answer ${first.body.length} bytes, ${first.contentType.replace(/; boundary=.*/, '')}`);
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
      observer,
    );
    for (const c of contenders) {
      const result = results.get(c.key);
      if (!result) continue;
      const f = { ...frameStats(result), ...(observer?.take(c.key) ?? {}) };
      (figures.get(c.key) as FrameFigures)[mode] = f;
      const loop = f.delay ? `; event loop p99 ${f.delay.p99Ms.toFixed(1)} ms, max ${f.delay.maxMs.toFixed(1)} ms` : '';
      const backlog = f.backlogAtStart === undefined ? '' : `; backlog ${f.backlogAtStart} → ${f.backlogAtEnd ?? '?'} frames`;
      progress(
        `${c.key}${label} ${mode}: ${result.latenciesMs.length} frames in ${(result.wallMs / 1000).toFixed(1)} s, ${f.rps.toFixed(0)}/s, p50 ${f.p50.toFixed(2)} ms, p99 ${f.p99.toFixed(2)} ms (headers p99 ${f.headersP99.toFixed(2)}, body p99 ${f.bodyP99.toFixed(2)})${loop}${backlog}${failures(result.failures, result.firstFailure)}`,
      );
    }
  }
  return figures;
}

/** ", N FAILED (first: …)" or nothing. */
export function failures(count: number, first: string | undefined): string {
  return count ? `, ${count} FAILED (first: ${first})` : '';
}

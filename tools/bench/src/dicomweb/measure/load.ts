import type { DicomwebTarget } from '../client/dicomweb-target';
import type { LoadGenerator } from '../load/load-generator';

/** What one load run saw: the latency of every request that succeeded, the failures, and the wall time. */
export interface LoadResult {
  latenciesMs: number[];
  /** Per request (same order as `latenciesMs`), the time until the answer's headers arrived; absent where not measured. */
  headersMs?: number[];
  failures: number;
  firstFailure?: string;
  wallMs: number;
}

/** How long and how wide a load run is: it stops at `maxRequests` or after `maxSeconds`, whichever comes first. */
export interface LoadShape {
  concurrency: number;
  maxRequests: number;
  maxSeconds: number;
  /** Untimed requests sent first (sequentially), so connections and caches are warm for both servers alike. */
  warmup?: number;
}

/**
 * Runs `request(i)` with `concurrency` clients, each sending its next request as soon as the previous one is answered.
 * Request numbers are handed out in order, so both servers see the same sequence of requests.
 */
export async function runLoad(shape: LoadShape, request: (i: number) => Promise<void>, firstRequest = 0): Promise<LoadResult> {
  for (let i = 0; i < (shape.warmup ?? 0); i++) await request(i).catch(() => undefined);
  const latenciesMs: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let next = firstRequest;
  const last = firstRequest + shape.maxRequests;
  const start = performance.now();
  const deadline = start + shape.maxSeconds * 1000;
  const client = async (): Promise<void> => {
    while (next < last && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      try {
        await request(i);
        latenciesMs.push(performance.now() - t0);
      } catch (error) {
        failures++;
        firstFailure ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: shape.concurrency }, client));
  return { latenciesMs, failures, firstFailure, wallMs: performance.now() - start };
}

/** The p-th percentile (0–100) by the nearest-rank method; NaN for no samples. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Successful requests per second over the run's wall time. */
export function throughput(result: LoadResult): number {
  return result.latenciesMs.length / (result.wallMs / 1000);
}

/** One of the things compared: a server asked for `paths[i % paths.length]` with an Accept header. */
export interface Contender {
  key: string;
  target: DicomwebTarget;
  accept: string;
  paths: string[];
}

/** How many request numbers `runAlternating` may hand out in all: the slices round their share up. */
export function requestsInAll(shape: LoadShape, rounds: number): number {
  return Math.ceil(shape.maxRequests / rounds) * rounds + (shape.warmup ?? 0);
}

/** Called right before and right after each contender's slice (e.g. to scrape the server's event-loop delay). */
export interface SliceHooks {
  before(contender: Contender): Promise<void>;
  after(contender: Contender): Promise<void>;
}

/**
 * Runs the same load on every contender in `rounds` alternating slices (A, B, C, A, B, C, …), each slice a
 * `rounds`-th of the requests and time, so that load from elsewhere on a shared machine falls on all of them alike.
 * Request numbers continue from slice to slice. Before each slice, `settle` waits for the servers to go idle.
 * The requests are sent by `generator`, a process of their own, so the benchmark's own stalls stay out of the figures.
 */
export async function runAlternating(
  generator: LoadGenerator,
  contenders: Contender[],
  shape: LoadShape,
  rounds: number,
  settle: () => Promise<void>,
  hooks?: SliceHooks,
): Promise<Map<string, LoadResult>> {
  const merged = new Map<string, LoadResult>(contenders.map((c) => [c.key, { latenciesMs: [], failures: 0, wallMs: 0 }]));
  const slice: LoadShape = { ...shape, maxRequests: Math.ceil(shape.maxRequests / rounds), maxSeconds: shape.maxSeconds / rounds };
  for (let round = 0; round < rounds; round++) {
    for (const contender of contenders) {
      await settle();
      const total = merged.get(contender.key) as LoadResult;
      await hooks?.before(contender);
      const result = await generator.get(
        contender.target,
        contender.accept,
        contender.paths,
        { ...slice, warmup: round === 0 ? shape.warmup : 0 },
        total.latenciesMs.length + total.failures,
      );
      await hooks?.after(contender);
      for (const latency of result.latenciesMs) total.latenciesMs.push(latency);
      if (result.headersMs) for (const ms of result.headersMs) (total.headersMs ??= []).push(ms);
      total.failures += result.failures;
      total.firstFailure ??= result.firstFailure;
      total.wallMs += result.wallMs;
    }
  }
  return merged;
}

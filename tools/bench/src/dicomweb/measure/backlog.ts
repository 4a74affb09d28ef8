import type { DicomwebTarget } from '../client/dicomweb-target';
import { transcodeBacklog } from '../client/prometheus-text';
import { scrapeMetrics } from '../client/server-metrics';

/** How long the transcoding backlog took to drain, from a moment (the last ack) on. */
export interface DrainFigures {
  /** Seconds from `since` until the gauge read 0; undefined when the server has no backlog gauge. */
  seconds?: number;
  /** The gauge at the first poll. */
  framesAtStart?: number;
  /** True when it had not drained within the time allowed (seconds is then the time waited). */
  timedOut: boolean;
}

/**
 * Polls our /metrics every `intervalMs` until `triage_transcode_backlog_frames` is 0 (or absent: then nothing is
 * measured). `since` is a performance.now() instant, e.g. when the last instance was acknowledged.
 */
export async function waitForDrain(
  target: DicomwebTarget,
  since: number,
  options = { intervalMs: 100, timeoutS: 900 },
): Promise<DrainFigures> {
  const deadline = performance.now() + options.timeoutS * 1000;
  let framesAtStart: number | undefined;
  for (;;) {
    const backlog = transcodeBacklog(await scrapeMetrics(target));
    if (backlog === undefined) return { timedOut: false };
    framesAtStart ??= backlog;
    const now = performance.now();
    if (backlog === 0) return { seconds: (now - since) / 1000, framesAtStart, timedOut: false };
    if (now > deadline) return { seconds: (now - since) / 1000, framesAtStart, timedOut: true };
    await new Promise((r) => setTimeout(r, options.intervalMs));
  }
}

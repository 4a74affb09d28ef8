/** Samples of a Prometheus text exposition by series: `name` alone, or `name{labels}` as written. */
export type MetricSamples = Map<string, number>;

/** Event-loop delay of a Node server over the time since its previous scrape, in milliseconds. */
export interface EventLoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The gauge helper READS adds to our /metrics: frames acknowledged and not yet in their stored form. */
export const BACKLOG_GAUGE = 'triage_transcode_backlog_frames';

/** Parses the text format (0.0.4): comment and blank lines skipped, a timestamp after the value ignored. */
export function parsePrometheusText(text: string): MetricSamples {
  const samples: MetricSamples = new Map();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const seriesEnd = line.includes('{') ? labelsEnd(line, line.indexOf('{')) + 1 : line.search(/\s/);
    if (seriesEnd <= 0) continue;
    const value = sampleValue(line.slice(seriesEnd).trim().split(/\s+/)[0] ?? '');
    if (value !== undefined) samples.set(line.slice(0, seriesEnd), value);
  }
  return samples;
}

/** prom-client's default event-loop metrics under `prefix`, seconds turned into ms; undefined when absent. */
export function eventLoopDelay(samples: MetricSamples, prefix = 'triage_'): EventLoopDelay | undefined {
  const p50 = samples.get(`${prefix}nodejs_eventloop_lag_p50_seconds`);
  const p99 = samples.get(`${prefix}nodejs_eventloop_lag_p99_seconds`);
  const max = samples.get(`${prefix}nodejs_eventloop_lag_max_seconds`);
  if (p50 === undefined || p99 === undefined || max === undefined) return undefined;
  return { p50Ms: p50 * 1000, p99Ms: p99 * 1000, maxMs: max * 1000 };
}

/** Frames awaiting transcoding (the gauge's series summed); undefined when the server has no such gauge. */
export function transcodeBacklog(samples: MetricSamples): number | undefined {
  let total: number | undefined;
  for (const [series, value] of samples) {
    if (series === BACKLOG_GAUGE || series.startsWith(`${BACKLOG_GAUGE}{`)) total = (total ?? 0) + value;
  }
  return total;
}

/**
 * The delays of several slices of one measurement as one: p50 the median of the slices' p50, p99 and max the
 * highest of theirs (a p99 cannot be merged from p99s; the highest is the honest bound). Undefined for none.
 */
export function mergeDelays(delays: EventLoopDelay[]): EventLoopDelay | undefined {
  if (delays.length === 0) return undefined;
  const p50s = delays.map((d) => d.p50Ms).sort((a, b) => a - b);
  const middle = Math.floor(p50s.length / 2);
  return {
    p50Ms: p50s.length % 2 ? p50s[middle] : (p50s[middle - 1] + p50s[middle]) / 2,
    p99Ms: Math.max(...delays.map((d) => d.p99Ms)),
    maxMs: Math.max(...delays.map((d) => d.maxMs)),
  };
}

/** Index of the `}` closing the label set opened at `open`, skipping quoted values (which may hold `}` or `\"`). */
function labelsEnd(line: string, open: number): number {
  let quoted = false;
  for (let i = open + 1; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === '}') return i;
  }
  return -1;
}

function sampleValue(text: string): number | undefined {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const value = Number(text);
  return text === '' || Number.isNaN(value) ? undefined : value;
}

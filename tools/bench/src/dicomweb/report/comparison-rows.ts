import { QIDO_QUERIES } from '../measure/qido';
import type { DicomwebOptions } from '../options';
import type { Figures } from './figures';
import type { FrameClients, FramePhase, FrameStat } from './frame-keys';
import { frameKey } from './frame-keys';
import type { Better, ResultRow } from './result-table';
import { spread } from './stats';

export type { Figures } from './figures';

const times = (factor: number, text: string): ResultRow['target'] => ({
  text,
  met: (o: number, t?: number) => (t === undefined ? undefined : o >= factor * t),
});
const atMostTimes = (factor: number): ResultRow['target'] => ({
  text: `≤${factor}× Orthanc`,
  met: (o: number, t?: number) => (t === undefined ? undefined : o <= factor * t),
});
const atMost = (ms: number): ResultRow['target'] => ({ text: `≤${ms} ms`, met: (o: number) => o <= ms });

/** What the run could not measure, said in the table instead of a figure. */
export interface RowNotes {
  /** False when our /metrics has no `triage_transcode_backlog_frames` (the transcode time is then not measured). */
  backlogGauge: boolean;
}

/**
 * The table's rows: our figures against Orthanc's with the issue's targets where it sets them. A figure measured in
 * several runs shows its median and range.
 */
export function comparisonRows(ours: Figures, orthanc: Figures, options: DicomwebOptions, notes: RowNotes): ResultRow[] {
  const rows: ResultRow[] = [];
  const add = (
    section: string,
    measure: string,
    unit: string,
    better: Better,
    ourKey: string,
    orthancKey: string | undefined,
    target?: ResultRow['target'],
  ): void => {
    const o = spread(ours.get(ourKey) ?? []);
    const t = orthancKey === undefined ? undefined : spread(orthanc.get(orthancKey) ?? []);
    if (!o && !t) return;
    rows.push({ section, measure, unit, better, ours: o?.median, orthanc: t?.median, oursSpread: o, orthancSpread: t, target });
  };

  const clients = options.ingestClients;
  add(
    `STOW-RS ${options.ingestInstances} × 512² CT, ${clients} clients`,
    'ack rate (1 instance/request)',
    'inst/s',
    'higher',
    'ingest.rate',
    'ingest.rate',
    times(1.5, '≥1.5× Orthanc'),
  );
  add(
    `C-STORE ${options.ingestInstances} × 512² CT, storescu`,
    `ack rate (${options.cstoreAssociations} associations)`,
    'inst/s',
    'higher',
    'cstore.rate',
    'cstore.rate',
  );
  const series = `${options.ctSlices}-slice CT, STOW-RS 1/request, ${clients} clients`;
  add(series, 'ack rate', 'inst/s', 'higher', 'ct.rate', 'ct.rate');
  const transcoded = spread(ours.get('ct.transcoded') ?? []);
  if (ours.has('ct.rate') || orthanc.has('ct.rate')) {
    rows.push({
      section: series,
      measure: 'fully transcoded, seconds after last ack',
      unit: 's',
      better: 'lower',
      ours: transcoded?.median,
      oursText: !ours.has('ct.rate') ? undefined : notes.backlogGauge ? undefined : 'n/a (no backlog gauge)',
      orthanc: orthanc.has('ct.rate') ? 0 : undefined,
      orthancText: orthanc.has('ct.rate') ? '0 (as received)' : undefined,
    });
  }

  for (const phase of ['during', 'after'] as const) {
    for (const mode of ['sequential', 'concurrent'] as const) frameRows(phase, mode);
  }
  add('frame answer size', 'ours HTJ2K', 'KiB', 'info', 'frames.htj2k.kib', 'frames.stored.kib');
  add('frame answer size', 'ours uncompressed', 'KiB', 'info', 'frames.raw.kib', 'frames.stored.kib');

  const metadata = `series metadata, ${options.ctSlices} slices`;
  add(metadata, 'p50', 'ms', 'lower', 'metadata.p50', 'metadata.p50', atMost(100));
  add(metadata, 'p99', 'ms', 'lower', 'metadata.p99', 'metadata.p99');
  const largest = options.qidoStores[options.qidoStores.length - 1];
  for (const size of options.qidoStores) {
    const section = `QIDO /studies, ${size.toLocaleString('en')} studies`;
    for (const query of QIDO_QUERIES) {
      const key = `qido.${size}.${query.name}`;
      add(section, `${query.name} p50`, 'ms', 'lower', `${key}.p50`, `${key}.p50`, size === largest ? atMost(10) : undefined);
      add(section, `${query.name} p99`, 'ms', 'lower', `${key}.p99`, `${key}.p99`);
    }
  }
  for (const size of options.qidoStores) {
    const measure = `8×8 studies up to ${size.toLocaleString('en')}, 100/request, 4 clients`;
    add('bulk load (setup)', measure, 'inst/s', 'higher', `load.tiny.${size}`, `load.tiny.${size}`);
  }
  add('server process', 'peak resident memory (VmHWM)', 'MiB', 'lower', 'memory.peak', 'memory.peak', atMostTimes(1.2));
  return rows;

  function frameRows(phase: FramePhase, mode: FrameClients): void {
    const who = mode === 'sequential' ? '1 client' : `${options.frames.concurrent.concurrency} clients`;
    const when =
      phase === 'during'
        ? 'right after ingest, backlog draining (1 run)'
        : `after transcoding${options.repeat > 1 ? `, median of ${options.repeat} runs (min–max)` : ''}`;
    const section = `frame 512² CT, ${who}, ${when}`;
    for (const [ourMode, label] of [
      ['htj2k', 'ours HTJ2K'],
      ['raw', 'ours raw'],
    ] as const) {
      const row = (stat: FrameStat, measure: string, unit: string, better: Better, target?: ResultRow['target'], theirs = true): void =>
        add(
          section,
          `${measure} (${label})`,
          unit,
          better,
          frameKey(phase, ourMode, mode, stat),
          theirs ? frameKey(phase, 'stored', mode, stat) : undefined,
          target,
        );
      const issueTargets = phase === 'after';
      row(
        'rps',
        'throughput',
        'req/s',
        'higher',
        issueTargets ? (ourMode === 'htj2k' ? times(3, '≥3× Orthanc') : times(1.5, '≥1.5× Orthanc')) : undefined,
      );
      row('p50', 'p50', 'ms', 'lower');
      row('p99', 'p99', 'ms', 'lower', issueTargets && ourMode === 'htj2k' ? atMostTimes(0.5) : undefined);
      row('headersP99', 'p99 time to headers', 'ms', 'lower');
      row('bodyP99', 'p99 headers to end of body', 'ms', 'lower');
      row('loopP99', 'server event-loop delay p99', 'ms', 'lower', undefined, false);
      row('loopMax', 'server event-loop delay max', 'ms', 'lower', undefined, false);
      const start = spread(ours.get(frameKey(phase, ourMode, mode, 'backlogStart')) ?? []);
      const end = spread(ours.get(frameKey(phase, ourMode, mode, 'backlogEnd')) ?? []);
      if (phase === 'during' && start) {
        const text = `${start.median} → ${end?.median ?? '?'}`;
        rows.push({ section, measure: `backlog at start → end (${label})`, unit: 'frames', better: 'info', oursText: text });
      }
    }
  }
}

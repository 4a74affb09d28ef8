import { QIDO_QUERIES } from '../measure/qido';
import type { DicomwebOptions } from '../options';
import type { Better, ResultRow } from './result-table';

/** One server's figures by key (`frames.htj2k.sequential.p99`, `qido.10000.PatientID exact.p50`, …). */
export type Figures = Map<string, number>;

const atLeastTwice = { text: '≥2× Orthanc', met: (o: number, t?: number) => (t === undefined ? undefined : o >= 2 * t) };
const atMostHalf = { text: '≤0.5× Orthanc', met: (o: number, t?: number) => (t === undefined ? undefined : o <= 0.5 * t) };
const atLeastOrthanc = { text: '≥ Orthanc', met: (o: number, t?: number) => (t === undefined ? undefined : o >= t) };
const atMost = (ms: number): ResultRow['target'] => ({ text: `≤${ms} ms`, met: (o: number) => o <= ms });

/** The table's rows: our figures against Orthanc's with the targets where it sets them. */
export function comparisonRows(ours: Figures, orthanc: Figures, options: DicomwebOptions): ResultRow[] {
  const rows: ResultRow[] = [];
  const add = (
    section: string,
    measure: string,
    unit: string,
    better: Better,
    ourKey: string,
    orthancKey: string,
    target?: ResultRow['target'],
  ): void => {
    if (!ours.has(ourKey) && !orthanc.has(orthancKey)) return;
    rows.push({ section, measure, unit, better, ours: ours.get(ourKey), orthanc: orthanc.get(orthancKey), target });
  };
  const frameSection = { sequential: 'frame 512² CT, 1 client', concurrent: `frame 512² CT, ${options.ingestClients} clients` };
  for (const mode of ['sequential', 'concurrent'] as const) {
    for (const [ourMode, label] of [
      ['htj2k', 'ours HTJ2K'],
      ['raw', 'ours uncompressed'],
    ] as const) {
      add(frameSection[mode], `p50 (${label})`, 'ms', 'lower', `frames.${ourMode}.${mode}.p50`, `frames.stored.${mode}.p50`);
      add(frameSection[mode], `p99 (${label})`, 'ms', 'lower', `frames.${ourMode}.${mode}.p99`, `frames.stored.${mode}.p99`, atMostHalf);
      add(
        frameSection[mode],
        `throughput (${label})`,
        'req/s',
        'higher',
        `frames.${ourMode}.${mode}.rps`,
        `frames.stored.${mode}.rps`,
        atLeastTwice,
      );
    }
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
  const ingest = `STOW-RS ${options.ingestInstances} × 512² CT, ${options.ingestClients} clients`;
  add(ingest, 'ingest rate (1 instance/request)', 'inst/s', 'higher', 'ingest.rate', 'ingest.rate', atLeastOrthanc);
  add('bulk load (setup)', `${options.ctSlices}-slice CT, 10/request, 4 clients`, 'inst/s', 'higher', 'load.ct', 'load.ct');
  for (const size of options.qidoStores) {
    add(
      'bulk load (setup)',
      `8×8 studies up to ${size.toLocaleString('en')}, 100/request, 4 clients`,
      'inst/s',
      'higher',
      `load.tiny.${size}`,
      `load.tiny.${size}`,
    );
  }
  add('server process', 'peak resident memory (VmHWM)', 'MiB', 'lower', 'memory.peak', 'memory.peak');
  return rows;
}

import { parseDicomwebOptions } from '../options';
import { comparisonRows } from './comparison-rows';
import type { Figures } from './figures';
import { frameKey } from './frame-keys';
import { resultTableLines } from './result-table';

const options = parseDicomwebOptions(['--quick', '--repeat', '3']);

/** The rows as printed, without the header and rule, sections apart. */
function printed(ours: Figures, orthanc: Figures, backlogGauge: boolean): string[] {
  return resultTableLines(comparisonRows(ours, orthanc, options, { backlogGauge }))
    .slice(2)
    .map((line) => line.replace(/ +/g, ' '));
}

describe('comparisonRows', () => {
  it('shows the median of repeated runs with their range, the ratio on the medians and the issue targets', () => {
    const ours: Figures = new Map([
      ['ingest.rate', [450]],
      ['cstore.rate', [120]],
      [frameKey('after', 'htj2k', 'sequential', 'rps'), [500, 410, 430]],
      [frameKey('after', 'htj2k', 'sequential', 'p99'), [7, 6, 9]],
      [frameKey('after', 'htj2k', 'sequential', 'loopMax'), [12.5, 3, 4]],
    ]);
    const orthanc: Figures = new Map([
      ['ingest.rate', [300]],
      ['cstore.rate', [240]],
      [frameKey('after', 'stored', 'sequential', 'rps'), [150, 160, 140]],
      [frameKey('after', 'stored', 'sequential', 'p99'), [15, 14, 16]],
    ]);
    expect(printed(ours, orthanc, true)).toEqual([
      'STOW-RS 50 × 512² CT, 8 clients: ack rate (1 instance/request) inst/s 450 300 1.50× higher ≥1.5× Orthanc met',
      '',
      'C-STORE 50 × 512² CT, storescu: ack rate (8 associations) inst/s 120 240 0.50× higher',
      '',
      'frame 512² CT, 1 client, after transcoding, median of 3 runs (min–max): throughput (ours HTJ2K) req/s 430 (410–500) 150 (140–160) 2.87× higher ≥3× Orthanc MISSED',
      'frame 512² CT, 1 client, after transcoding, median of 3 runs (min–max): p99 (ours HTJ2K) ms 7.00 (6.00–9.00) 15.0 (14.0–16.0) 0.47× lower ≤0.5× Orthanc met',
      'frame 512² CT, 1 client, after transcoding, median of 3 runs (min–max): server event-loop delay max (ours HTJ2K) ms 4.00 (3.00–12.5) — — lower',
      'frame 512² CT, 1 client, after transcoding, median of 3 runs (min–max): throughput (ours raw) req/s — 150 (140–160) — higher ≥1.5× Orthanc n/a',
      'frame 512² CT, 1 client, after transcoding, median of 3 runs (min–max): p99 (ours raw) ms — 15.0 (14.0–16.0) — lower',
    ]);
  });

  it('says when the transcoding time could not be measured, and that Orthanc has nothing to transcode', () => {
    const ours: Figures = new Map([['ct.rate', [100]]]);
    const orthanc: Figures = new Map([['ct.rate', [200]]]);
    expect(printed(ours, orthanc, false)).toEqual([
      '50-slice CT, STOW-RS 1/request, 8 clients: ack rate inst/s 100 200 0.50× higher',
      '50-slice CT, STOW-RS 1/request, 8 clients: fully transcoded, seconds after last ack s n/a (no backlog gauge) 0 (as received) — lower',
    ]);
    const measured: Figures = new Map([
      ['ct.rate', [100]],
      ['ct.transcoded', [4.25]],
    ]);
    expect(printed(measured, orthanc, true)[1]).toBe(
      '50-slice CT, STOW-RS 1/request, 8 clients: fully transcoded, seconds after last ack s 4.25 0 (as received) — lower',
    );
  });

  it('reports the reads during the backlog without targets, with the backlog at both ends', () => {
    const ours: Figures = new Map([
      [frameKey('during', 'raw', 'concurrent', 'rps'), [90]],
      [frameKey('during', 'raw', 'concurrent', 'backlogStart'), [48]],
      [frameKey('during', 'raw', 'concurrent', 'backlogEnd'), [0]],
    ]);
    const orthanc: Figures = new Map([[frameKey('during', 'stored', 'concurrent', 'rps'), [180]]]);
    expect(printed(ours, orthanc, true)).toEqual([
      'frame 512² CT, 8 clients, right after ingest, backlog draining (1 run): throughput (ours HTJ2K) req/s — 180 — higher',
      'frame 512² CT, 8 clients, right after ingest, backlog draining (1 run): throughput (ours raw) req/s 90.0 180 0.50× higher',
      'frame 512² CT, 8 clients, right after ingest, backlog draining (1 run): backlog at start → end (ours raw) frames 48 → 0 — —',
    ]);
  });
});

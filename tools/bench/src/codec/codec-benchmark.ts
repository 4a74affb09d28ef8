import * as os from 'node:os';
import type { Benchmark } from '../registry/benchmark';
import { codecsUnderTest } from './codecs-under-test';
import { corpusFrames } from './corpus-frames';
import { measure } from './measure';
import { syntheticCtSlice } from './synthetic-ct';

/** Lossless HTJ2K vs JPEG 2000 vs JPEG-LS: time per 512×512 16-bit frame and compression ratio. */
export const codecBenchmark: Benchmark = {
  name: 'codec',
  description: 'lossless encode/decode time per 512×512 frame and ratio: HTJ2K, JPEG 2000, JPEG-LS (--runs N, default 9)',
  async run(args) {
    const runsAt = args.indexOf('--runs');
    const runs = runsAt >= 0 ? Math.max(1, parseInt(args[runsAt + 1] ?? '9', 10)) : 9;
    const ct = syntheticCtSlice();
    const corpus = corpusFrames();
    const sets = [
      { name: 'synthetic CT 512×512 s16', frames: [ct] },
      ...(corpus.length > 0 ? [{ name: `corpus (${corpus.length} grey frames)`, frames: corpus.map((c) => c.frame) }] : []),
    ];
    console.log(`codec benchmark: median of ${runs} runs, single thread, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);
    console.log('times are ms per 512×512 frame (corpus frames normalised by pixel count); ratio = raw bytes / encoded bytes\n');
    const header = ['frames', 'codec', 'encode ms', 'decode ms', 'ratio', 'lossless'];
    const rows: string[][] = [];
    for (const set of sets) {
      for (const codec of codecsUnderTest) {
        const m = measure(codec, set.frames, runs);
        rows.push([
          set.name,
          codec.name,
          m.encodeMs.toFixed(2),
          m.decodeMs.toFixed(2),
          m.ratio.toFixed(2),
          m.exact ? 'exact' : 'NOT EXACT',
        ]);
      }
    }
    printTable(header, rows);
    const maxRssMiB = process.resourceUsage().maxRSS / 1024;
    console.log(`\npeak resident memory: ${maxRssMiB.toFixed(0)} MiB`);
  },
};

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

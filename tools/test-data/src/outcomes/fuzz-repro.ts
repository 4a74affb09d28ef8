import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Outcome } from './expected-outcomes';

/** The doors a reproducer is sent through, one column each of fuzz-repro/expected.tsv. */
export const FUZZ_REPRO_DOORS = ['ingest', 'stow', 'c-store'] as const;

/** One door of the table. */
export type FuzzReproDoor = (typeof FUZZ_REPRO_DOORS)[number];

/** One reproducer: its file (absolute path), the README's class, and the outcome expected at each door. */
export interface FuzzRepro {
  name: string;
  file: string;
  /** `A`, `B` or `D` (fuzz-repro/README.md). */
  class: string;
  expected: Record<FuzzReproDoor, Outcome>;
}

/** Where the fuzzer's reproducers are kept. */
export function fuzzReproDir(): string {
  return path.resolve(__dirname, '../../fuzz-repro');
}

/** Every row of fuzz-repro/expected.tsv, in table order; the loader refuses a row that names no file or lacks a door. */
export function fuzzRepros(): FuzzRepro[] {
  const [header, ...rows] = fs
    .readFileSync(path.join(fuzzReproDir(), 'expected.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const columns = header.split('\t');
  return rows.map((row) => {
    const cells = Object.fromEntries(columns.map((c, i) => [c, row.split('\t')[i]]));
    const file = path.join(fuzzReproDir(), cells['file']);
    if (!fs.existsSync(file)) throw new Error(`fuzz-repro/expected.tsv: ${cells['file']} is not in ${fuzzReproDir()}`);
    const expected = Object.fromEntries(FUZZ_REPRO_DOORS.map((door) => [door, cells[door]])) as Record<FuzzReproDoor, Outcome>;
    const missing = FUZZ_REPRO_DOORS.filter((door) => !expected[door]);
    if (missing.length) throw new Error(`fuzz-repro/expected.tsv: ${cells['file']} has no outcome for ${missing.join(', ')}`);
    return { name: cells['file'], file, class: cells['class'], expected };
  });
}

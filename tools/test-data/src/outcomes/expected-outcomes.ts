import * as fs from 'node:fs';
import * as path from 'node:path';

/** The ways a corpus file is tested, one column each of expected-outcomes.tsv. */
export const OUTCOME_PATHS = ['decode', 'dicom-json', 'ingest', 'import', 'stow', 'c-store'] as const;

/** One column of the table. */
export type OutcomePath = (typeof OUTCOME_PATHS)[number];

/**
 * One cell: `stored:N` (N frames), `decoded:N`, `no-pixel-data`, `converts`, `not-sent` (storescu
 * cannot read the file) or `refused:CLASS` with a class from {@link refusalClass}.
 */
export type Outcome = string;

/** Where the tables are kept: beside the repository's copy of the corpus, whatever `$TRIAGE_CORPUS` says. */
const tablesDir = path.resolve(__dirname, '../../corpus');

/** Reads a tab-separated table with a header row into one record per row. */
function readTsv(file: string): Record<string, string>[] {
  const [header, ...rows] = fs
    .readFileSync(path.join(tablesDir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const columns = header.split('\t');
  return rows.map((row) => {
    const cells = row.split('\t');
    if (cells.length !== columns.length) throw new Error(`${file}: row '${row}' has ${cells.length} cells, the header ${columns.length}`);
    return Object.fromEntries(columns.map((c, i) => [c, cells[i]]));
  });
}

/** The expected outcome of one path for every corpus file, by file name (expected-outcomes.tsv). */
export function expectedOutcomes(column: OutcomePath): Record<string, Outcome> {
  return Object.fromEntries(readTsv('expected-outcomes.tsv').map((row) => [row['file'], row[column]]));
}

/** The expected outcome of reading MR_small.dcm cut after N bytes, by N: `read` or `refused:CLASS` (truncations.tsv). */
export function expectedTruncations(): Record<number, Outcome> {
  return Object.fromEntries(readTsv('truncations.tsv').map((row) => [Number(row['cut']), row['outcome']]));
}

/** How truncations.tsv cuts its file: every `step` bytes from 0 to the end. */
export const TRUNCATION = { file: 'MR_small.dcm', step: 97 } as const;

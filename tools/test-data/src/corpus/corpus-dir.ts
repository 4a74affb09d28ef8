import * as fs from 'node:fs';
import * as path from 'node:path';

/** The corpus of real DICOM files: `$TRIAGE_CORPUS`, or the copy kept in this project (`tools/test-data/corpus`). */
export function corpusDir(): string {
  return process.env['TRIAGE_CORPUS'] ?? path.resolve(__dirname, '../../corpus');
}

/** Every `.dcm` file of the corpus, sorted by name. */
export function corpusFiles(): string[] {
  const dir = corpusDir();
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .map((f) => path.join(dir, f));
}

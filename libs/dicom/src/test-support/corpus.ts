import * as fs from 'node:fs';
import * as path from 'node:path';

/** The shared corpus of real DICOM files: `$TRIAGE_CORPUS`, or `../shared/corpus` beside the workspace. */
export function corpusDir(): string {
  if (process.env['TRIAGE_CORPUS']) return process.env['TRIAGE_CORPUS'];
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'nx.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('workspace root not found');
    dir = parent;
  }
  return path.resolve(dir, '../shared/corpus');
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

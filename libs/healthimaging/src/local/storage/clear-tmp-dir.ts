import * as fs from 'node:fs';
import * as path from 'node:path';

/** Empties the temporary folder: anything there belongs to a write that never completed. */
export function clearTmpDir(tmpDir: string): number {
  fs.mkdirSync(tmpDir, { recursive: true });
  let removed = 0;
  for (const name of fs.readdirSync(tmpDir)) {
    fs.rmSync(path.join(tmpDir, name), { force: true, recursive: true });
    removed++;
  }
  return removed;
}

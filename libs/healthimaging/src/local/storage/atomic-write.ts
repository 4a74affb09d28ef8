import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes `data` to `target` so that a reader (or a restart after SIGKILL or power loss) sees
 * either nothing or the whole file: a temporary file in `tmpDir`, fsync, rename, fsync of the folder.
 */
export async function writeFileAtomic(
  tmpDir: string,
  target: string,
  data: Uint8Array,
  options: { syncDir?: boolean } = {},
): Promise<void> {
  const tmp = path.join(tmpDir, `${randomBytes(12).toString('hex')}.tmp`);
  const handle = await fs.promises.open(tmp, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  const dir = path.dirname(target);
  try {
    await fs.promises.rename(tmp, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await fs.promises.mkdir(dir, { recursive: true });
    await fs.promises.rename(tmp, target);
  }
  // A caller that syncs the folder itself (group commit: once per folder per batch) passes syncDir: false.
  if (options.syncDir !== false) await fsyncDir(dir);
}

/** fsync of folders, synchronously: for a commit that must not yield between the files and the index. */
export function fsyncDirsSync(dirs: Iterable<string>): void {
  for (const dir of dirs) {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** Makes a folder's entries (a rename into it) durable. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

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

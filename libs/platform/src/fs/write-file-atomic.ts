import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes a file so that a reader (or a crash) sees either the old content or the new, never a
 * mix: temporary file beside it, fsync, rename, fsync of the directory.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o600): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = fs.openSync(temp, 'wx', mode);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  syncDirectory(dir);
}

function syncDirectory(dir: string): void {
  // The rename is durable only once the directory entry is; some platforms cannot open a directory.
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* best effort where directories cannot be fsynced */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** How {@link writeFileAtomic} and {@link writeFileAtomicSync} write. */
export interface AtomicWriteOptions {
  /** Where the temporary file goes (same filesystem as the target); default: beside the target, as a dot file. */
  tmpDir?: string;
  /** Permission bits of the new file; default 0o644. */
  mode?: number;
  /** fsync the target's folder after the rename; default true. A caller that syncs each folder once per batch (group commit) passes false. */
  syncDir?: boolean;
}

/**
 * Writes a file so that a reader, or a restart after SIGKILL or power loss, sees either the old
 * content or the whole new one, never a mix: temporary file, fsync, rename, fsync of the folder.
 * Missing folders are created.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(target);
  const tmp = tempPath(target, options);
  await fs.promises.mkdir(path.dirname(tmp), { recursive: true });
  const handle = await fs.promises.open(tmp, 'wx', options.mode ?? 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await renameCreatingDir(tmp, target);
  } catch (error) {
    await fs.promises.rm(tmp, { force: true });
    throw error;
  }
  if (options.syncDir !== false) await fsyncDir(dir);
}

/** {@link writeFileAtomic} without yielding: for small files written at start-up or by a command. */
export function writeFileAtomicSync(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const dir = path.dirname(target);
  const tmp = tempPath(target, options);
  fs.mkdirSync(path.dirname(tmp), { recursive: true });
  const fd = fs.openSync(tmp, 'wx', options.mode ?? 0o644);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.renameSync(tmp, target);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  if (options.syncDir !== false) fsyncDirsSync([dir]);
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

function tempPath(target: string, options: AtomicWriteOptions): string {
  const unique = `${process.pid}.${randomBytes(8).toString('hex')}.tmp`;
  return options.tmpDir ? path.join(options.tmpDir, unique) : path.join(path.dirname(target), `.${path.basename(target)}.${unique}`);
}

async function renameCreatingDir(tmp: string, target: string): Promise<void> {
  try {
    await fs.promises.rename(tmp, target);
  } catch (error) {
    // The target's folder is created on demand: most writes go to folders that exist.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await fs.promises.rename(tmp, target);
  }
}

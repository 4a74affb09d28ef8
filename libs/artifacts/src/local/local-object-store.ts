import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { writeFileAtomic } from '@triage/platform';
import { contentHashOf } from '../content-hash';
import { NoSuchKeyError } from '../no-such-key-error';
import type { ObjectBody, ObjectStore, ObjectSummary } from '../object-store';
import { keyUnder, parseS3Uri } from '../s3-uri';
import { listFiles } from './list-files';

/**
 * S3 on the local disk: `s3://bucket/key` is `<root>/bucket/key`. A URI names an object when a file
 * is there, else a prefix (a folder). Writes are atomic (a temporary file renamed into place), so a
 * reader, or a restart after a kill, never sees half an object.
 */
export class LocalObjectStore implements ObjectStore {
  private readonly tmpDir: string;

  constructor(readonly root: string) {
    // Bucket names cannot start with a dot: the temporary files never show in a listing.
    this.tmpDir = path.join(root, '.tmp');
  }

  /** The local path of an object or prefix. */
  pathOf(uri: string): string {
    const { bucket, key } = parseS3Uri(uri);
    return path.join(this.root, bucket, ...key.split('/').filter(Boolean));
  }

  /** Whether an object or a non-empty prefix is there, without yielding (the local pipeline's steps check inputs this way). */
  existsSync(uri: string): boolean {
    const local = this.pathOf(uri);
    if (!fs.existsSync(local)) return false;
    return fs.statSync(local).isFile() || listFiles(local).length > 0;
  }

  /** Whether an object or a non-empty prefix is there. */
  async exists(uri: string): Promise<boolean> {
    return this.existsSync(uri);
  }

  /** An object's bytes. */
  async getObject(uri: string): Promise<Buffer> {
    try {
      return await fs.promises.readFile(this.pathOf(uri));
    } catch (error) {
      throw missing(error, uri);
    }
  }

  /** An object's bytes as a stream; the file is opened first, so a missing object rejects here rather than mid-stream. */
  async getObjectStream(uri: string): Promise<Readable> {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(this.pathOf(uri), 'r');
    } catch (error) {
      throw missing(error, uri);
    }
    if (!(await handle.stat()).isFile()) {
      await handle.close();
      throw new NoSuchKeyError(uri);
    }
    return handle.createReadStream();
  }

  /** Writes one object atomically. */
  async putObject(uri: string, body: ObjectBody): Promise<void> {
    if (typeof body === 'string' || body instanceof Uint8Array) {
      await writeFileAtomic(this.pathOf(uri), body, { tmpDir: this.tmpDir });
      return;
    }
    const tmp = await this.tempFile();
    try {
      await pipeline(body, fs.createWriteStream(tmp, { flags: 'wx' }));
    } catch (error) {
      await fs.promises.rm(tmp, { force: true });
      throw error;
    }
    await this.commit(tmp, this.pathOf(uri));
  }

  /** Writes a local file as one object, atomically. */
  async putFile(file: string, uri: string): Promise<void> {
    const tmp = await this.tempFile();
    await fs.promises.copyFile(file, tmp);
    await this.commit(tmp, this.pathOf(uri));
  }

  /** The object a URI names, or every object under it: full keys and sizes, sorted. */
  async list(uri: string): Promise<ObjectSummary[]> {
    const { key } = parseS3Uri(uri);
    const local = this.pathOf(uri);
    if (!fs.existsSync(local)) return [];
    if (fs.statSync(local).isFile()) return [{ key, size: fs.statSync(local).size }];
    return listFiles(local).map((relative) => ({ key: keyUnder(key, relative), size: fs.statSync(path.join(local, relative)).size }));
  }

  /** Copies an object (into `dir/<its name>`) or every object under a prefix (keeping their relative paths) into a folder. */
  async copyIn(uri: string, dir: string): Promise<number> {
    const source = this.pathOf(uri);
    await fs.promises.mkdir(dir, { recursive: true });
    if (!fs.existsSync(source)) throw new NoSuchKeyError(uri, 'object or prefix');
    if (fs.statSync(source).isFile()) {
      await fs.promises.copyFile(source, path.join(dir, path.basename(source)));
      return 1;
    }
    const files = listFiles(source);
    for (const relative of files) {
      const target = path.join(dir, relative);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.copyFile(path.join(source, relative), target);
    }
    return files.length;
  }

  /** Copies every file of a folder under a prefix, each object written atomically. */
  async copyOut(dir: string, uri: string): Promise<number> {
    const target = this.pathOf(uri);
    const files = fs.existsSync(dir) ? listFiles(dir) : [];
    for (const relative of files) {
      const tmp = await this.tempFile();
      await fs.promises.copyFile(path.join(dir, relative), tmp);
      await this.commit(tmp, path.join(target, relative));
    }
    return files.length;
  }

  /** Deletes an object or every object under a prefix (moved aside first, so no reader sees half of it). */
  async removePrefix(uri: string): Promise<void> {
    const local = this.pathOf(uri);
    if (!fs.existsSync(local)) return;
    const aside = await this.tempFile();
    await fs.promises.rename(local, aside);
    await fs.promises.rm(aside, { recursive: true, force: true });
  }

  /** A content hash of an object or of every object under a prefix (keys and bytes): what a cache key is made of. */
  async contentHash(uri: string): Promise<string> {
    const local = this.pathOf(uri);
    const files = !fs.existsSync(local) ? [] : fs.statSync(local).isFile() ? [''] : listFiles(local);
    return contentHashOf(
      files.map((relative) => ({
        relative,
        open: async () => fs.createReadStream(relative ? path.join(local, relative) : local),
      })),
    );
  }

  private async tempFile(): Promise<string> {
    await fs.promises.mkdir(this.tmpDir, { recursive: true });
    return path.join(this.tmpDir, randomBytes(8).toString('hex'));
  }

  private async commit(tmp: string, target: string): Promise<void> {
    const handle = await fs.promises.open(tmp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await fs.promises.rename(tmp, target);
  }
}

/** A missing file, a folder where an object was asked for, or a file where a folder was: S3's NoSuchKey. */
function missing(error: unknown, uri: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR' ? new NoSuchKeyError(uri) : error;
}

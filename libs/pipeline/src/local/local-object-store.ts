import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '@triage/platform';

/** A bucket and key of an `s3://bucket/key` URI. */
export interface S3Location {
  bucket: string;
  key: string;
}

/** Splits `s3://bucket/key` (a key may be empty: the whole bucket). */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,62})(?:\/(.*))?$/.exec(uri);
  if (!match) throw new Error(`${JSON.stringify(uri)} is not an s3://bucket/key URI`);
  const key = (match[2] ?? '').replace(/\/+$/, '');
  if (key.split('/').some((part) => part === '..' || part === '.')) throw new Error(`${uri}: a key may not hold . or .. segments`);
  return { bucket: match[1], key };
}

/**
 * S3 on the local disk: `s3://bucket/key` is `<root>/bucket/key`. A URI names an object when a file
 * is there, else a prefix (a folder). Writes are atomic (a temporary file renamed into place), so a
 * reader, or a restart after a kill, never sees half an object.
 */
export class LocalObjectStore {
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

  /** Whether an object or a non-empty prefix is there. */
  exists(uri: string): boolean {
    const local = this.pathOf(uri);
    if (!fs.existsSync(local)) return false;
    return fs.statSync(local).isFile() || listFiles(local).length > 0;
  }

  /** An object's bytes. */
  async getObject(uri: string): Promise<Buffer> {
    return fs.promises.readFile(this.pathOf(uri));
  }

  /** Writes one object atomically. */
  async putObject(uri: string, body: string | Uint8Array): Promise<void> {
    await writeFileAtomic(this.pathOf(uri), body, { tmpDir: this.tmpDir });
  }

  /** Writes a local file as one object, atomically. */
  async putFile(file: string, uri: string): Promise<void> {
    const tmp = await this.tempFile();
    await fs.promises.copyFile(file, tmp);
    await this.commit(tmp, this.pathOf(uri));
  }

  /** Copies an object (into `dir/<its name>`) or every object under a prefix (keeping their relative paths) into a folder. */
  async copyIn(uri: string, dir: string): Promise<number> {
    const source = this.pathOf(uri);
    await fs.promises.mkdir(dir, { recursive: true });
    if (!fs.existsSync(source)) throw new Error(`${uri}: no such object or prefix`);
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
    const hash = createHash('sha256');
    if (!fs.existsSync(local)) return hash.update('absent').digest('hex');
    const files = fs.statSync(local).isFile() ? [''] : listFiles(local);
    for (const relative of files) {
      hash.update(`${relative}\0`);
      hash.update(await fileHash(relative ? path.join(local, relative) : local));
      hash.update('\0');
    }
    return hash.digest('hex');
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

/** Every file under a folder, relative paths with `/`, sorted (so hashes do not depend on the directory order). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) out.push(child);
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out.sort();
}

async function fileHash(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

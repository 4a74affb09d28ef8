import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** One object as the content hash sees it: its key relative to the hashed URI ('' for the object itself) and a way to read it. */
export interface HashedObject {
  relative: string;
  open(): Promise<Readable>;
}

/**
 * The content hash of {@link ObjectStore.contentHash}, in one place so every implementation makes
 * the same one: SHA-256 over `relative \0 sha256hex(bytes) \0` per object in the given (sorted)
 * order; no objects at all hash as `absent`. The local store's hashes from before the port existed
 * are these exactly, so cached pipeline steps stay valid.
 */
export async function contentHashOf(objects: readonly HashedObject[]): Promise<string> {
  const hash = createHash('sha256');
  if (objects.length === 0) return hash.update('absent').digest('hex');
  for (const object of objects) {
    hash.update(`${object.relative}\0`);
    hash.update(await streamHash(await object.open()));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The SHA-256 (hex) of a stream's bytes. */
export async function streamHash(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Sorts by JavaScript string order (what the local store always used), whatever order a listing came in. */
export function byKey<T extends { key: string }>(a: T, b: T): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

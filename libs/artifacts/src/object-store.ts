import type { Readable } from 'node:stream';

/** What an object can be written from: its bytes, or a stream of them (a model too large to hold). */
export type ObjectBody = string | Uint8Array | Readable;

/** One object of a listing: its full key in the bucket and its size in bytes. */
export interface ObjectSummary {
  key: string;
  size: number;
}

/**
 * Artifacts (models, datasets, reports, pipeline outputs) as S3 objects named by `s3://bucket/key`
 * URIs. A URI names an object, or else a prefix read as a folder: the objects whose keys start with
 * `key/` (`s3://bucket` alone is the whole bucket). The names and shapes follow S3's own API; the
 * local store (files under a folder) and the S3 store pass one contract suite
 * (test-support/object-store-contract.ts).
 */
export interface ObjectStore {
  /** An object's bytes; rejects with NoSuchKeyError when no object is there (a prefix is not an object). */
  getObject(uri: string): Promise<Buffer>;
  /** An object's bytes as a stream (for large models); rejects with NoSuchKeyError before any byte when no object is there. */
  getObjectStream(uri: string): Promise<Readable>;
  /** Writes one object atomically: a reader sees the old object or the whole new one, never part of it. */
  putObject(uri: string, body: ObjectBody): Promise<void>;
  /** Writes a local file as one object, atomically. */
  putFile(file: string, uri: string): Promise<void>;
  /** Whether an object or a non-empty prefix is there. */
  exists(uri: string): Promise<boolean>;
  /** The object a URI names, or every object under it as a prefix: full keys and sizes, sorted by key. */
  list(uri: string): Promise<ObjectSummary[]>;
  /** Copies an object (into `dir/<its name>`) or every object under a prefix (keeping relative paths) into a folder; the count. */
  copyIn(uri: string, dir: string): Promise<number>;
  /** Copies every file of a folder under a prefix, each object written atomically; the count. */
  copyOut(dir: string, uri: string): Promise<number>;
  /** Deletes an object, or every object under a prefix; nothing there is not an error. */
  removePrefix(uri: string): Promise<void>;
  /**
   * A SHA-256 over the keys (relative to the URI) and bytes of the object or of every object under
   * the prefix, identical between implementations for the same content: the pipeline's step cache
   * keys are made of it. Absent content has a hash of its own.
   */
  contentHash(uri: string): Promise<string>;
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { byKey, contentHashOf } from '../content-hash';
import { NoSuchKeyError } from '../no-such-key-error';
import type { ObjectBody, ObjectStore, ObjectSummary } from '../object-store';
import { formatS3Uri, isUnder, keyUnder, parseS3Uri, type S3Location } from '../s3-uri';
import { listFiles } from '../local/list-files';
import { partsOf } from './upload-in-parts';

/** How an {@link S3ObjectStore} reaches S3. */
export interface S3ObjectStoreOptions {
  /** The client (its region, credentials and endpoint are the caller's; against s3rver: forcePathStyle and WHEN_REQUIRED checksums). */
  client: S3Client;
  /** Bytes per part of a multipart upload, and the size above which a body goes in parts (default 8 MiB; S3's minimum is 5 MiB). */
  partSize?: number;
  /** Keys per ListObjectsV2 page (default S3's 1000; tests set it small to exercise pagination). */
  pageSize?: number;
}

/**
 * The SDK's S3 module, loaded on first use: libs/pipeline re-exports this lib, so every process that
 * touches the pipeline would otherwise load it (most of a second) to run locally.
 */
let sdk: Promise<typeof import('@aws-sdk/client-s3')> | undefined;
const s3 = () => (sdk ??= import('@aws-sdk/client-s3'));

const MIB = 1024 * 1024;
/** DeleteObjects takes at most this many keys a call. */
const DELETE_BATCH = 1000;

/**
 * The ObjectStore on S3. A body up to `partSize` goes in one PutObject; a larger one (a stream of a
 * model, a large buffer) in a multipart upload made here (CreateMultipartUpload, UploadPart one
 * part at a time, CompleteMultipartUpload, AbortMultipartUpload on failure): S3 makes the object
 * visible only at completion, so a reader never sees half of it, and memory holds one part.
 * Deleting a prefix is one DeleteObjects per 1000 keys: unlike the local store, a reader listing
 * during it may see part of the prefix gone.
 */
export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly partSize: number;
  private readonly pageSize: number | undefined;

  constructor(options: S3ObjectStoreOptions) {
    this.client = options.client;
    this.partSize = options.partSize ?? 8 * MIB;
    this.pageSize = options.pageSize;
  }

  /** An object's bytes. */
  async getObject(uri: string): Promise<Buffer> {
    const stream = await this.getObjectStream(uri);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** An object's bytes as a stream (the response body, read as it arrives). */
  async getObjectStream(uri: string): Promise<Readable> {
    const { bucket, key } = parseS3Uri(uri);
    if (!key) throw new NoSuchKeyError(uri);
    try {
      const { Body } = await this.client.send(new (await s3()).GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!(Body instanceof Readable)) throw new Error(`${uri}: the response body is not a Node stream`);
      return Body;
    } catch (error) {
      throw notFound(error) ? new NoSuchKeyError(uri) : error;
    }
  }

  /** Writes one object: one PutObject, or a multipart upload for a body larger than a part. */
  async putObject(uri: string, body: ObjectBody): Promise<void> {
    const location = objectLocation(uri);
    if (typeof body === 'string' || body instanceof Uint8Array) {
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      if (bytes.length <= this.partSize) return this.putBytes(location, bytes);
      return this.putParts(location, Readable.from(chunksOf(bytes, this.partSize)));
    }
    return this.putParts(location, body);
  }

  /** Writes a local file as one object. */
  async putFile(file: string, uri: string): Promise<void> {
    await this.putObject(uri, fs.createReadStream(file));
  }

  /** Whether an object or a non-empty prefix is there. */
  async exists(uri: string): Promise<boolean> {
    const { bucket, key } = parseS3Uri(uri);
    if (key && (await this.isObject(bucket, key))) return true;
    const page = await this.client.send(
      new (await s3()).ListObjectsCommand({ Bucket: bucket, Prefix: key ? `${key}/` : undefined, MaxKeys: 1 }),
    );
    return (page.Contents?.length ?? 0) > 0;
  }

  /**
   * The object a URI names, or every object under it: full keys and sizes, sorted; every page of the
   * listing. Pages with ListObjects (V1) and its marker, not V2's continuation token: s3rver makes
   * those tokens with DES, which Node 20's OpenSSL refuses, so any truncated V2 page is an
   * InternalError there; on S3 both page the same.
   */
  async list(uri: string): Promise<ObjectSummary[]> {
    const { bucket, key } = parseS3Uri(uri);
    const out: ObjectSummary[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await this.client.send(
        new (await s3()).ListObjectsCommand({ Bucket: bucket, Prefix: key || undefined, Marker: marker, MaxKeys: this.pageSize }),
      );
      const contents = page.Contents ?? [];
      for (const object of contents)
        if (object.Key !== undefined && isUnder(object.Key, key)) out.push({ key: object.Key, size: object.Size ?? 0 });
      if (!page.IsTruncated || contents.length === 0) break;
      // Without a delimiter S3 sends no NextMarker: the last key is where the next page starts.
      marker = page.NextMarker ?? contents[contents.length - 1].Key;
    }
    return out.sort(byKey);
  }

  /** Copies an object (into `dir/<its name>`) or every object under a prefix (keeping relative paths) into a folder. */
  async copyIn(uri: string, dir: string): Promise<number> {
    const { bucket, key } = parseS3Uri(uri);
    await fs.promises.mkdir(dir, { recursive: true });
    const objects = await this.list(uri);
    if (objects.length === 0) throw new NoSuchKeyError(uri, 'object or prefix');
    if (objects.length === 1 && objects[0].key === key) {
      await this.download({ bucket, key }, path.join(dir, path.posix.basename(key)));
      return 1;
    }
    for (const object of objects) await this.download({ bucket, key: object.key }, path.join(dir, relativeKey(object.key, key)));
    return objects.length;
  }

  /** Copies every file of a folder under a prefix, one object each. */
  async copyOut(dir: string, uri: string): Promise<number> {
    const { bucket, key } = parseS3Uri(uri);
    const files = fs.existsSync(dir) ? listFiles(dir) : [];
    for (const relative of files) await this.putFile(path.join(dir, relative), formatS3Uri({ bucket, key: keyUnder(key, relative) }));
    return files.length;
  }

  /** Deletes an object or every object under a prefix, 1000 keys a request. */
  async removePrefix(uri: string): Promise<void> {
    const { bucket } = parseS3Uri(uri);
    const keys = (await this.list(uri)).map((o) => o.key);
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const batch = keys.slice(start, start + DELETE_BATCH);
      const result = await this.client.send(
        new (await s3()).DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
      );
      const failed = result.Errors ?? [];
      if (failed.length > 0)
        throw new Error(`${uri}: ${failed.length} objects were not deleted (${failed.map((e) => `${e.Key}: ${e.Code}`).join(', ')})`);
    }
  }

  /** The same hash as the local store's over the same keys and bytes (every object is read: it costs a download). */
  async contentHash(uri: string): Promise<string> {
    const { bucket, key } = parseS3Uri(uri);
    const objects = await this.list(uri);
    return contentHashOf(
      objects.map((object) => ({
        relative: relativeKey(object.key, key),
        open: () => this.getObjectStream(formatS3Uri({ bucket, key: object.key })),
      })),
    );
  }

  private async isObject(bucket: string, key: string): Promise<boolean> {
    try {
      await this.client.send(new (await s3()).HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (error) {
      if (notFound(error)) return false;
      throw error;
    }
  }

  private async putBytes({ bucket, key }: S3Location, bytes: Uint8Array): Promise<void> {
    await this.client.send(new (await s3()).PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentLength: bytes.length }));
  }

  /** One PutObject when the stream ends within the first part, else a multipart upload, aborted if anything fails. */
  private async putParts(location: S3Location, stream: Readable): Promise<void> {
    const parts = partsOf(stream, this.partSize);
    const first = await parts.next();
    const second = first.done ? first : await parts.next();
    if (second.done) return this.putBytes(location, first.done ? Buffer.alloc(0) : first.value);
    const { bucket, key } = location;
    const { UploadId } = await this.client.send(new (await s3()).CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    if (!UploadId) throw new Error(`${formatS3Uri(location)}: CreateMultipartUpload returned no UploadId`);
    try {
      const uploaded: { ETag: string | undefined; PartNumber: number }[] = [];
      const upload = async (body: Buffer): Promise<void> => {
        const PartNumber = uploaded.length + 1;
        const { ETag } = await this.client.send(
          new (await s3()).UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber, Body: body, ContentLength: body.length }),
        );
        uploaded.push({ ETag, PartNumber });
      };
      await upload(first.value as Buffer);
      await upload(second.value);
      for await (const part of parts) await upload(part);
      await this.client.send(
        new (await s3()).CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: uploaded } }),
      );
    } catch (error) {
      await this.client.send(new (await s3()).AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId })).catch(() => undefined);
      stream.destroy();
      throw error;
    }
  }

  private async download(location: S3Location, file: string): Promise<void> {
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    await pipeline(await this.getObjectStream(formatS3Uri(location)), fs.createWriteStream(file));
  }
}

/** The location of an object (a URI with a key); the bucket alone names no object. */
function objectLocation(uri: string): S3Location {
  const location = parseS3Uri(uri);
  if (!location.key) throw new Error(`${uri}: an object needs a key`);
  return location;
}

/** A key relative to the listed one ('' for the object itself). */
function relativeKey(key: string, prefix: string): string {
  return key === prefix ? '' : prefix ? key.slice(prefix.length + 1) : key;
}

/** S3's answers for "nothing there": NoSuchKey from GetObject, NotFound (a bare 404) from HeadObject. */
function notFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || (e.$metadata?.httpStatusCode === 404 && e.name !== 'NoSuchBucket');
}

function* chunksOf(bytes: Uint8Array, size: number): Generator<Buffer> {
  for (let start = 0; start < bytes.length; start += size)
    yield Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.min(size, bytes.length - start));
}

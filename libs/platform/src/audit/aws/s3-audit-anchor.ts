import type { S3Client } from '@aws-sdk/client-s3';
import type { AuditHead, AuditHeadAnchor } from '../audit-head';

/** Where and how an {@link S3AuditAnchor} keeps the heads. */
export interface S3AuditAnchorOptions {
  client: S3Client;
  /** A bucket with Object Lock enabled (the logs bucket). */
  bucket: string;
  /** The key prefix of this log's heads (one log, one prefix), without a trailing slash. */
  prefix: string;
  /** How long each head is locked in GOVERNANCE mode; default 365 days. */
  retentionDays?: number;
  /** The clock the retention dates come from (tests fix it). */
  now?: () => Date;
  /** Called with a head's write that failed (the anchor then lags the log until a later write lands); flush() rejects with it too. */
  onWriteError?: (error: Error) => void;
}

// 15 digits: 10^15 - 1 is still an exact double (10^16 - 1 is not).
/**
 * The SDK's S3 module, loaded on first use: @triage/platform is imported by every process (the CLI's
 * commands included) and the module takes most of a second to load; only an AWS anchor needs it.
 */
let sdk: Promise<typeof import('@aws-sdk/client-s3')> | undefined;
const s3 = () => (sdk ??= import('@aws-sdk/client-s3'));

const SEQ_DIGITS = 15;
const SEQ_LIMIT = 10 ** SEQ_DIGITS - 1;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The head's key: `<prefix>/<SEQ_LIMIT - seq, zero-padded>-<seq>.json`, so the newest head is the first key a listing returns. */
export function auditHeadKey(prefix: string, seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1 || seq > SEQ_LIMIT) throw new Error(`audit head seq ${seq} is out of range`);
  return `${prefix}/${String(SEQ_LIMIT - seq).padStart(SEQ_DIGITS, '0')}-${seq}.json`;
}

/**
 * The audit log's head anchored in S3 with Object Lock, outside the machine the log is on. Each
 * head is its own object, locked in GOVERNANCE mode until a retention date, written with
 * If-None-Match: so S3 refuses to delete or overwrite an anchored head (without the bypass
 * permission), and a log cut short on the machine is still caught by the next open.
 *
 * The anchor port is synchronous: `open` loads the newest head once, `read` returns it, `write`
 * queues the head and writes behind, in order, only the newest pending one (a busy log coalesces
 * its heads). A crash may lose heads not yet written, which leaves the anchor behind the log: read
 * as a crash, never as a truncation, as AuditLog's check already does.
 *
 * Keys sort newest first (see {@link auditHeadKey}), so `open` reads one listing page and one
 * object however many heads the retention keeps.
 */
export class S3AuditAnchor implements AuditHeadAnchor {
  private latest: AuditHead | undefined;
  private pending: AuditHead | undefined;
  private writing: Promise<void> | undefined;
  private failure: Error | undefined;
  private closed = false;

  private constructor(
    private readonly options: S3AuditAnchorOptions,
    loaded: AuditHead | undefined,
  ) {
    this.latest = loaded;
  }

  /** Opens the anchor: loads the newest head under the prefix (undefined when none was ever written). */
  static async open(options: S3AuditAnchorOptions): Promise<S3AuditAnchor> {
    return new S3AuditAnchor(options, await loadNewestHead(options));
  }

  /** The newest head: the one loaded at open, or the last one given to write. */
  read(): AuditHead | undefined {
    return this.latest;
  }

  /** Queues a head to be written behind; an older or equal one than the newest is ignored. */
  write(head: AuditHead): void {
    if (this.closed) throw new Error(`audit anchor s3://${this.options.bucket}/${this.options.prefix} is closed`);
    if (this.latest && head.seq <= this.latest.seq) return;
    this.latest = { seq: head.seq, hash: head.hash };
    this.pending = this.latest;
    this.writing ??= this.drain().finally(() => (this.writing = undefined));
  }

  /** Resolves once every head written so far is in S3; rejects with the first write that failed since the last flush. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure;
  }

  /** Flushes, then refuses later writes (the client is the caller's to destroy). */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.closed = true;
    }
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      const head = this.pending;
      this.pending = undefined;
      try {
        await this.put(head);
      } catch (error) {
        const failure = new Error(
          `audit anchor: writing head ${head.seq} to s3://${this.options.bucket}/${this.options.prefix} failed: ${String(error)}`,
          {
            cause: error,
          },
        );
        this.failure ??= failure;
        this.options.onWriteError?.(failure);
      }
    }
  }

  private async put(head: AuditHead): Promise<void> {
    const { client, bucket, prefix, retentionDays = 365, now = () => new Date() } = this.options;
    const key = auditHeadKey(prefix, head.seq);
    const { PutObjectCommand } = await s3();
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: JSON.stringify(head),
          ContentType: 'application/json',
          // S3 wants a checksum on a put with Object Lock parameters; the SDK adds one only when told to.
          ChecksumAlgorithm: 'CRC32',
          ObjectLockMode: 'GOVERNANCE',
          ObjectLockRetainUntilDate: new Date(now().getTime() + retentionDays * DAY_MS),
          IfNoneMatch: '*',
        }),
      );
    } catch (error) {
      // A retried put whose first try landed: the head is there already; anything else there is a rewrite.
      if ((error as { name?: string }).name !== 'PreconditionFailed') throw error;
      const there = await readHead(client, bucket, key);
      if (there.seq !== head.seq || there.hash !== head.hash)
        throw new Error(`s3://${bucket}/${key} holds another head (seq ${there.seq}, hash ${there.hash})`, { cause: error });
    }
  }
}

async function loadNewestHead({ client, bucket, prefix }: S3AuditAnchorOptions): Promise<AuditHead | undefined> {
  const { ListObjectsCommand } = await s3();
  const page = await client.send(new ListObjectsCommand({ Bucket: bucket, Prefix: `${prefix}/`, MaxKeys: 1 }));
  const key = page.Contents?.[0]?.Key;
  if (key === undefined) return undefined;
  const head = await readHead(client, bucket, key);
  if (auditHeadKey(prefix, head.seq) !== key)
    throw new Error(`audit anchor: s3://${bucket}/${key} holds head ${head.seq}, not the one its key names`);
  return head;
}

async function readHead(client: S3Client, bucket: string, key: string): Promise<AuditHead> {
  const { GetObjectCommand } = await s3();
  const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const text = (await Body?.transformToString('utf8')) ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const head = parsed as Partial<AuditHead> | undefined;
  if (!head || !Number.isSafeInteger(head.seq) || (head.seq as number) < 1 || typeof head.hash !== 'string')
    throw new Error(`audit anchor: s3://${bucket}/${key} is not an audit head`);
  return { seq: head.seq as number, hash: head.hash };
}

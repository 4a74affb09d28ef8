import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { AuditEvent, AuditSink } from './audit-event';
import type { AuditFilter } from './audit-filter';
import { auditMatcher } from './audit-filter';
import type { AuditHead, AuditHeadAnchor } from './audit-head';
import { AuditTruncatedError } from './audit-head';
import type { AuditRecord } from './audit-record';
import { chainRecord, parseRecord } from './audit-record';

/** The audit log's file under a data directory. */
export function auditLogFile(dataDir: string): string {
  return path.join(dataDir, 'audit', 'audit.log');
}

/** One page of the log for readers (GET /admin/audit). */
export interface AuditPage {
  records: AuditRecord[];
  /** The `after` to ask for the next page; absent on the last page. */
  next?: number;
}

/** A page request: records with seq > `after` (default 0) that pass the filter, at most `limit`. */
export interface AuditReadOptions extends AuditFilter {
  after?: number;
  limit: number;
}

/** What can page through the records (the hash-chained log does). */
export interface AuditReader {
  read(options: AuditReadOptions): Promise<AuditPage>;
}

/**
 * The append-only, hash-chained audit log: one JSON record per line, each carrying a sequence
 * number, the previous record's hash and its own SHA-256. `record` appends and fsyncs before it
 * returns, so an action is on disk before its response is sent.
 */
export class AuditLog implements AuditSink, AuditReader {
  private fd: number | undefined;
  /** The highest sequence number known to be on disk. */
  private syncedSeq: number;
  /** The fsync in flight, shared by every record appended before it started. */
  private syncing: Promise<void> | undefined;
  private syncs = 0;
  /** The highest seq written to the anchor (a sync finishing late must not move it back). */
  private anchoredSeq = 0;

  /** How many fsyncs the log has made since it was opened (each durable append costs at most one; concurrent ones share). */
  get fsyncCount(): number {
    return this.syncs;
  }

  private constructor(
    readonly file: string,
    fd: number,
    private last: AuditHead | undefined,
    private readonly anchor: AuditHeadAnchor | undefined,
  ) {
    this.fd = fd;
    this.syncedSeq = last?.seq ?? 0;
  }

  /**
   * Opens (creating) the log. A torn last line (a crash inside an append, never acknowledged) is
   * cut off; any other unreadable last record refuses the start: run `triage audit verify`. With an
   * `anchor`, a log that ends before the anchored head (records cut off the end) or whose record at
   * the head is another one refuses the start too ({@link AuditTruncatedError}); every append
   * updates the anchor once it is on disk, before it is acknowledged.
   */
  static open(file: string, options: { anchor?: AuditHeadAnchor } = {}): AuditLog {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_APPEND, 0o600);
    try {
      const last = readTail(fd, file);
      if (options.anchor) checkAnchor(file, last, options.anchor);
      return new AuditLog(file, fd, last, options.anchor);
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
  }

  /** Appends `event` as the next record, durably (write + fsync) before it returns. */
  record(event: AuditEvent): void {
    const seq = this.append(event);
    fs.fsyncSync(this.fd as number);
    this.syncs++;
    this.anchorHead(this.last as AuditHead);
    this.syncedSeq = Math.max(this.syncedSeq, seq);
  }

  /**
   * Appends `event` now (in order, chained) and resolves once it is on disk. The fsync runs off the
   * event loop and is shared: requests that arrive while one is in flight wait for the next one
   * together, so a busy server pays one fsync per batch, not per frame served.
   */
  async recordDurably(event: AuditEvent): Promise<void> {
    const seq = this.append(event);
    while (this.syncedSeq < seq) {
      this.syncing ??= this.syncNow().finally(() => (this.syncing = undefined));
      await this.syncing;
    }
  }

  private append(event: AuditEvent): number {
    if (this.fd === undefined) throw new Error(`audit log ${this.file} is closed`);
    const record = chainRecord(event, this.last);
    fs.writeSync(this.fd, JSON.stringify(record) + '\n');
    this.last = { seq: record.seq, hash: record.hash };
    return record.seq;
  }

  private syncNow(): Promise<void> {
    const head = this.last;
    const fd = this.fd;
    if (fd === undefined) return Promise.reject(new Error(`audit log ${this.file} is closed`));
    this.syncs++;
    return new Promise((resolve, reject) =>
      fs.fsync(fd, (error) => {
        if (error) return reject(error);
        try {
          // After the fsync, so the anchor never runs ahead of what is on disk (which would read as a truncation).
          if (head) this.anchorHead(head);
        } catch (anchorError) {
          return reject(anchorError as Error);
        }
        this.syncedSeq = Math.max(this.syncedSeq, head?.seq ?? 0);
        resolve();
      }),
    );
  }

  private anchorHead(head: AuditHead): void {
    if (!this.anchor || head.seq <= this.anchoredSeq) return;
    this.anchor.write(head);
    this.anchoredSeq = head.seq;
  }

  /**
   * The records with seq > `after` (default 0) that pass the filter, at most `limit`, read line by
   * line (one page in memory, never the log); `next` only when a further record passes.
   */
  async read({ after = 0, limit, ...filter }: AuditReadOptions): Promise<AuditPage> {
    const matches = auditMatcher(filter);
    const records: AuditRecord[] = [];
    let more = false;
    for await (const { record } of readAuditLines(this.file)) {
      if (!record || record.seq <= after || !matches(record)) continue;
      if (records.length === limit) {
        more = true;
        break;
      }
      records.push(record);
    }
    return more ? { records, next: records[records.length - 1].seq } : { records };
  }

  /** Closes the file; later `record` calls throw. Records appended by `recordDurably` are synced first. */
  close(): void {
    if (this.fd !== undefined && this.last && this.syncedSeq < this.last.seq) {
      fs.fsyncSync(this.fd);
      this.anchorHead(this.last);
    }
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/** The log's lines in order, each parsed (record undefined when malformed), with 1-based line numbers. */
export async function* readAuditLines(file: string): AsyncGenerator<{ line: number; text: string; record: AuditRecord | undefined }> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text === '') continue;
    yield { line, text, record: parseRecord(text) };
  }
}

/**
 * Refuses a log that ends before the anchored head, or holds another record there; anchors a log
 * that is ahead (written before anchors existed, or a crash between the log's fsync and the anchor).
 */
function checkAnchor(file: string, last: AuditHead | undefined, anchor: AuditHeadAnchor): void {
  const anchored = anchor.read();
  const seq = last?.seq ?? 0;
  if (anchored && (anchored.seq > seq || (anchored.seq === seq && anchored.hash !== last?.hash)))
    throw new AuditTruncatedError(file, seq, anchored.seq);
  if (last && (!anchored || anchored.seq < last.seq)) anchor.write(last);
}

const TAIL_BYTES = 64 * 1024;

function readTail(fd: number, file: string): AuditHead | undefined {
  let size = fs.fstatSync(fd).size;
  if (size === 0) return undefined;
  const length = Math.min(size, TAIL_BYTES);
  const buffer = Buffer.alloc(length);
  fs.readSync(fd, buffer, 0, length, size - length);
  let text = buffer.toString('utf8');
  if (!text.endsWith('\n')) {
    const cut = text.lastIndexOf('\n');
    size = cut < 0 && length === size ? 0 : size - (length - (cut + 1));
    fs.ftruncateSync(fd, size);
    fs.fsyncSync(fd);
    text = cut < 0 ? '' : text.slice(0, cut + 1);
    if (size === 0) return undefined;
  }
  const lines = text.split('\n').filter((l) => l !== '');
  const last = lines.length > 0 ? parseRecord(lines[lines.length - 1]) : undefined;
  if (!last) throw new Error(`audit log ${file}: the last record is unreadable; run "triage audit verify" and repair before starting`);
  return { seq: last.seq, hash: last.hash };
}

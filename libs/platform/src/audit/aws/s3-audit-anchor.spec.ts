import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ListObjectsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { AuditEvent } from '../audit-event';
import { AuditTruncatedError, type AuditHead } from '../audit-head';
import { AuditLog, auditLogFile } from '../audit-log';
import { auditHeadKey, S3AuditAnchor } from './s3-audit-anchor';
import { S3RVER_CLIENT, startS3rver, type S3rverUnderTest } from '@triage/test-support/s3';

/**
 * The S3 anchor on s3rver (a real S3 API on loopback). s3rver ignores Object Lock and If-None-Match
 * on a put, so that S3 would refuse a delete or a rewrite is not something these tests can see:
 * they check instead that every put SENDS the lock headers, by a middleware on the real client that
 * records each request as it goes on the wire.
 */
const event = (n: number): AuditEvent => ({
  actor: `user-${n}`,
  role: 'clinician',
  action: 'dicomweb.read',
  resource: `/dicomweb/studies/1.2.${n}`,
  outcome: 'success',
  source: '127.0.0.1',
});

const NOW = new Date('2026-12-05T12:00:00.000Z');

describe('S3AuditAnchor (s3rver on loopback)', () => {
  let s3: S3rverUnderTest;
  let sent: { method: string; path: string; headers: Record<string, string> }[];
  let dir: string;
  let file: string;
  let prefix: string;
  let run = 0;

  beforeAll(async () => {
    s3 = await startS3rver(['audit-logs']);
    s3.client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { method: string; path: string; headers: Record<string, string> };
        sent.push({ method: request.method, path: request.path, headers: { ...request.headers } });
        return next(args);
      },
      { step: 'finalizeRequest', name: 'recordRequests' },
    );
  });
  afterAll(() => s3.close());
  beforeEach(() => {
    sent = [];
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-s3-anchor-'));
    file = auditLogFile(dir);
    prefix = `audit-head/api-${++run}`;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const openAnchor = (retentionDays?: number) =>
    S3AuditAnchor.open({ client: s3.client, bucket: 'audit-logs', prefix, now: () => NOW, retentionDays });
  /** Writes records n..m through a log wired to a fresh anchor, then flushes the anchor. */
  const writeRecords = async (from: number, to: number): Promise<void> => {
    const anchor = await openAnchor();
    const log = AuditLog.open(file, { anchor });
    for (let n = from; n <= to; n++) {
      if (n % 2 === 0) await log.recordDurably(event(n));
      else log.record(event(n));
    }
    log.close();
    await anchor.close();
  };
  const lastRecord = (): AuditHead => {
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    const { seq, hash } = JSON.parse(lines[lines.length - 1]) as AuditHead;
    return { seq, hash };
  };
  const cutLast = (count: number) => {
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    fs.writeFileSync(file, lines.slice(0, lines.length - count).join('\n') + '\n');
  };
  const keys = async () =>
    ((await s3.client.send(new ListObjectsCommand({ Bucket: 'audit-logs', Prefix: `${prefix}/` }))).Contents ?? []).map((o) => o.Key);

  it('after records and a flush, a new anchor loads the head and a new AuditLog.open accepts it', async () => {
    await writeRecords(1, 6);
    const anchor = await openAnchor();
    expect(anchor.read()).toEqual(lastRecord());
    expect(anchor.read()?.seq).toBe(6);
    expect(() => AuditLog.open(file, { anchor }).close()).not.toThrow();
    await anchor.close();
  });

  const TAMPERING: [what: string, tamper: () => void, refusal: { logSeq: number; anchorSeq: number }][] = [
    ['the last two records cut off', () => cutLast(2), { logSeq: 3, anchorSeq: 5 }],
    [
      'the last record replaced by another, chained correctly',
      () => {
        cutLast(1);
        const log = AuditLog.open(file);
        log.record({ ...event(5), actor: 'someone-else' });
        log.close();
      },
      { logSeq: 5, anchorSeq: 5 },
    ],
  ];

  it.each(TAMPERING)('refuses a log with %s after anchoring (AuditTruncatedError)', async (_what, tamper, expected) => {
    await writeRecords(1, 5);
    tamper();
    const anchor = await openAnchor();
    const refusal = (() => {
      try {
        AuditLog.open(file, { anchor }).close();
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(AuditTruncatedError);
    expect(refusal).toMatchObject(expected);
    await anchor.close();
  });

  it('accepts an anchor that lags the log (heads lost in a crash), and anchors the log’s head again', async () => {
    await writeRecords(1, 3);
    // Two records whose heads never reached S3: the log was written without the anchor, as after a crash before the write-behind.
    const unanchored = AuditLog.open(file);
    unanchored.record(event(4));
    unanchored.record(event(5));
    unanchored.close();
    const lagging = await openAnchor();
    expect(lagging.read()?.seq).toBe(3);
    expect(() => AuditLog.open(file, { anchor: lagging }).close()).not.toThrow();
    await lagging.close();
    expect((await openAnchor()).read()).toEqual(lastRecord());
  });

  it('writes behind in order and coalesces: heads given while one is in flight collapse into the newest', async () => {
    const anchor = await openAnchor();
    for (let seq = 1; seq <= 50; seq++) anchor.write({ seq, hash: `hash-${seq}` });
    anchor.write({ seq: 20, hash: 'older than the newest: ignored' });
    expect(anchor.read()).toEqual({ seq: 50, hash: 'hash-50' });
    await anchor.flush();
    expect(await keys()).toEqual([auditHeadKey(prefix, 50), auditHeadKey(prefix, 1)]);
    expect((await openAnchor()).read()).toEqual({ seq: 50, hash: 'hash-50' });
    await anchor.close();
    expect(() => anchor.write({ seq: 51, hash: 'after close' })).toThrow('is closed');
  });

  it('sends Object Lock (GOVERNANCE, retention from the clock), If-None-Match and a checksum on every head', async () => {
    const anchor = await openAnchor(30);
    anchor.write({ seq: 7, hash: 'h7' });
    await anchor.flush();
    const puts = sent.filter((r) => r.method === 'PUT');
    expect(
      puts.map((r) => [
        r.path,
        r.headers['x-amz-object-lock-mode'],
        r.headers['x-amz-object-lock-retain-until-date'],
        r.headers['if-none-match'],
      ]),
    ).toEqual([[`/audit-logs/${auditHeadKey(prefix, 7)}`, 'GOVERNANCE', '2027-01-04T12:00:00Z', '*']]);
    expect(Object.keys(puts[0].headers).filter((h) => h.startsWith('x-amz-checksum-'))).toEqual(['x-amz-checksum-crc32']);
  });

  it('a failed write leaves the anchor behind (read as a crash), is reported, and flush rejects naming the head; a later write lands', async () => {
    let failPuts = true;
    const client = new S3Client({ ...S3RVER_CLIENT, endpoint: s3.endpoint, maxAttempts: 1 });
    client.middlewareStack.add(
      (next) => async (args) => {
        if (failPuts && (args.request as { method: string }).method === 'PUT') throw new Error('connection reset');
        return next(args);
      },
      { step: 'finalizeRequest', name: 'failPuts' },
    );
    const errors: string[] = [];
    const anchor = await S3AuditAnchor.open({ client, bucket: 'audit-logs', prefix, onWriteError: (e) => errors.push(e.message) });
    anchor.write({ seq: 1, hash: 'h1' });
    const failure = `audit anchor: writing head 1 to s3://audit-logs/${prefix} failed: Error: connection reset`;
    await expect(anchor.flush()).rejects.toThrow(failure);
    expect(errors).toEqual([failure]);
    expect((await openAnchor()).read()).toBeUndefined();
    failPuts = false;
    anchor.write({ seq: 2, hash: 'h2' });
    await anchor.close();
    expect((await openAnchor()).read()).toEqual({ seq: 2, hash: 'h2' });
    client.destroy();
  });

  it('refuses to open on an object whose head is not the one its key names (an anchor written by something else)', async () => {
    await s3.client.send(
      new PutObjectCommand({ Bucket: 'audit-logs', Key: auditHeadKey(prefix, 2), Body: JSON.stringify({ seq: 3, hash: 'x' }) }),
    );
    await expect(openAnchor()).rejects.toThrow(
      `audit anchor: s3://audit-logs/${auditHeadKey(prefix, 2)} holds head 3, not the one its key names`,
    );
  });
});

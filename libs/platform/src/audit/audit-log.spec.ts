import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AuditEvent } from './audit-event';
import { AuditLog, auditLogFile } from './audit-log';
import { hashRecord, parseRecord } from './audit-record';
import type { AuditRecord } from './audit-record';
import { verifyAuditLog } from './verify-audit-log';

const event = (n: number): AuditEvent => ({
  actor: `user-${n}`,
  role: 'clinician',
  action: 'dicomweb.read',
  resource: `/dicomweb/studies/1.2.${n}/metadata`,
  outcome: 'success',
  source: '127.0.0.1',
});

describe('AuditLog', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-audit-'));
    file = auditLogFile(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const writeLog = (count: number) => {
    const log = AuditLog.open(file);
    for (let n = 1; n <= count; n++) log.record(event(n));
    log.close();
  };
  const lines = () => fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const rewrite = (next: string[]) => fs.writeFileSync(file, next.join('\n') + '\n');
  const rehash = (record: Omit<AuditRecord, 'hash'> & { hash?: string }) => {
    const { hash: _old, ...body } = record;
    return JSON.stringify({ ...body, hash: hashRecord(body) });
  };

  it('chains records across reopening and verifies clean', async () => {
    writeLog(3);
    const log = AuditLog.open(file);
    log.record(event(4));
    log.close();
    const records = lines().map((l) => parseRecord(l) as AuditRecord);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(records[3].prev).toBe(records[2].hash);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(await verifyAuditLog(file)).toEqual({ ok: true, records: 4, lastSeq: 4, problems: [] });
  });

  it('records concurrent durable appends in order, sharing fsyncs, and resolves each once it is written', async () => {
    const log = AuditLog.open(file);
    try {
      await Promise.all(
        Array.from({ length: 50 }, (_, n) =>
          log.recordDurably(event(n + 1)).then(() => {
            // Resolved means on disk: this record's line is in the file already.
            expect(lines().some((l) => parseRecord(l)?.seq === n + 1)).toBe(true);
          }),
        ),
      );
      expect(log.fsyncCount).toBeGreaterThan(0);
      expect(log.fsyncCount).toBeLessThan(50);
    } finally {
      log.close();
    }
    expect(await verifyAuditLog(file)).toEqual({ ok: true, records: 50, lastSeq: 50, problems: [] });
  });

  it('pages through the records', async () => {
    writeLog(5);
    const log = AuditLog.open(file);
    const first = await log.read({ limit: 2 });
    expect(first.records.map((r) => r.seq)).toEqual([1, 2]);
    expect(first.next).toBe(2);
    const last = await log.read({ after: 4, limit: 2 });
    expect(last.records.map((r) => r.actor)).toEqual(['user-5']);
    expect(last.next).toBeUndefined();
    log.close();
  });

  it('cuts a torn last line (an append that never completed) and goes on', async () => {
    writeLog(2);
    fs.appendFileSync(file, '{"seq":3,"ti');
    const log = AuditLog.open(file);
    log.record(event(3));
    log.close();
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, records: 3 });
  });

  it('finds a changed record and names it', async () => {
    writeLog(5);
    const next = lines();
    next[2] = next[2].replace('user-3', 'someone-else');
    rewrite(next);
    const verdict = await verifyAuditLog(file);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([expect.objectContaining({ kind: 'changed', seq: 3, line: 3 })]);
    expect(verdict.problems[0].message).toContain('seq 3 was changed');
  });

  it('finds a changed record whose hash was recomputed', async () => {
    writeLog(5);
    const next = lines();
    next[1] = rehash({ ...(parseRecord(next[1]) as AuditRecord), outcome: 'refused' });
    rewrite(next);
    expect((await verifyAuditLog(file)).problems).toEqual([expect.objectContaining({ kind: 'changed', seq: 2, line: 2 })]);
  });

  it('finds an inserted record: a copied line, and a forged one with the next seq and valid hashes', async () => {
    writeLog(5);
    const copied = lines();
    copied.splice(4, 0, copied[1]);
    rewrite(copied);
    expect((await verifyAuditLog(file)).problems).toEqual([expect.objectContaining({ kind: 'inserted', seq: 2, line: 5 })]);

    const forged = lines().filter((_l, i) => i !== 4);
    const third = parseRecord(forged[2]) as AuditRecord;
    forged.splice(3, 0, rehash({ ...third, seq: 4, actor: 'forger', prev: third.hash }));
    rewrite(forged);
    const verdict = await verifyAuditLog(file);
    expect(verdict.problems).toEqual([expect.objectContaining({ kind: 'inserted', seq: 4, line: 4 })]);
    expect(verdict.problems[0].message).toContain('inserted');
  });

  it('finds a removed record and says which', async () => {
    writeLog(6);
    rewrite(lines().filter((_l, i) => i !== 2 && i !== 3));
    const verdict = await verifyAuditLog(file);
    expect(verdict.problems).toEqual([expect.objectContaining({ kind: 'removed', seq: 3 })]);
    expect(verdict.problems[0].message).toContain('seq 3 to 4 removed');
  });

  it('reports a line that is not a record', async () => {
    writeLog(2);
    rewrite([...lines(), 'hello']);
    expect((await verifyAuditLog(file)).problems).toEqual([expect.objectContaining({ kind: 'malformed', line: 3 })]);
  });
});

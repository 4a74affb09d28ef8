import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AuditEvent } from './audit-event';
import { AuditTruncatedError } from './audit-head';
import { AuditLog, auditLogFile } from './audit-log';
import { SqliteAuditAnchor, auditAnchorFile } from './sqlite-audit-anchor';
import { verifyAuditLog } from './verify-audit-log';

const event = (n: number): AuditEvent => ({
  actor: `user-${n}`,
  role: 'clinician',
  action: 'dicomweb.read',
  resource: `/dicomweb/studies/1.2.${n}`,
  outcome: 'success',
  source: '127.0.0.1',
});

describe('audit head anchor', () => {
  let dir: string;
  let file: string;
  let anchorFile: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-anchor-'));
    file = auditLogFile(dir);
    anchorFile = auditAnchorFile(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Writes `count` records, half of them by durable (batched) appends, with the anchor wired. */
  const writeLog = async (count: number) => {
    const anchor = SqliteAuditAnchor.open(anchorFile);
    const log = AuditLog.open(file, { anchor });
    for (let n = 1; n <= count; n++) {
      if (n % 2 === 0) await log.recordDurably(event(n));
      else log.record(event(n));
    }
    log.close();
    anchor.close();
  };
  const anchored = () => {
    const anchor = SqliteAuditAnchor.openReadOnly(anchorFile);
    try {
      return anchor?.read();
    } finally {
      anchor?.close();
    }
  };
  const cutLast = (count: number) => {
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    fs.writeFileSync(file, lines.slice(0, lines.length - count).join('\n') + '\n');
  };

  it('keeps the head of every acknowledged append; an intact log verifies ok against it', async () => {
    await writeLog(6);
    const lastLine = JSON.parse(fs.readFileSync(file, 'utf8').trimEnd().split('\n')[5]) as { seq: number; hash: string };
    expect(anchored()).toEqual({ seq: 6, hash: lastLine.hash });
    expect(fs.statSync(anchorFile).mode & 0o777).toBe(0o600);
    expect(await verifyAuditLog(file, { anchor: anchored() })).toEqual({
      ok: true,
      records: 6,
      lastSeq: 6,
      anchoredSeq: 6,
      problems: [],
    });
  });

  it('resolves a durable append only once the anchor holds it', async () => {
    const anchor = SqliteAuditAnchor.open(anchorFile);
    const log = AuditLog.open(file, { anchor });
    try {
      await Promise.all([1, 2, 3].map((n) => log.recordDurably(event(n)).then(() => expect(anchor.read()?.seq).toBeGreaterThanOrEqual(n))));
      expect(anchor.read()?.seq).toBe(3);
    } finally {
      log.close();
      anchor.close();
    }
  });

  it.each([
    [1, 'the log ends at record 5 but the anchor says 6: record 6 was cut off the end'],
    [3, 'the log ends at record 3 but the anchor says 6: records 4 to 6 were cut off the end'],
  ])('names a log with its last %i record(s) cut off', async (count, message) => {
    await writeLog(6);
    cutLast(count);
    // The chain alone cannot tell.
    expect((await verifyAuditLog(file)).ok).toBe(true);
    const verdict = await verifyAuditLog(file, { anchor: anchored() });
    expect(verdict.ok).toBe(false);
    expect(verdict.problems).toEqual([{ kind: 'truncated', seq: 7 - count, line: 7 - count, message }]);
  });

  it('names a log rewritten from the anchored record on', async () => {
    await writeLog(3);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    fs.writeFileSync(file, lines.slice(0, 2).join('\n') + '\n');
    // Someone appends a record 3 of their own through the log, without the anchor.
    const log = AuditLog.open(file);
    log.record({ ...event(3), actor: 'someone-else' });
    log.close();
    const verdict = await verifyAuditLog(file, { anchor: anchored() });
    expect(verdict.problems).toEqual([
      { kind: 'changed', seq: 3, line: 3, message: 'record 3 is not the one the anchor holds: the log was rewritten from there on' },
    ]);
  });

  it('refuses to open a truncated log (it would otherwise chain on and move the anchor)', async () => {
    await writeLog(4);
    cutLast(2);
    const anchor = SqliteAuditAnchor.open(anchorFile);
    try {
      expect(() => AuditLog.open(file, { anchor })).toThrow(AuditTruncatedError);
      expect(() => AuditLog.open(file, { anchor })).toThrow('the log ends at record 2 but the anchor says 4');
      expect(anchor.read()?.seq).toBe(4);
    } finally {
      anchor.close();
    }
  });

  it('anchors a log written before there was an anchor, and one ahead of it after a crash', async () => {
    const log = AuditLog.open(file);
    for (let n = 1; n <= 3; n++) log.record(event(n));
    log.close();
    const anchor = SqliteAuditAnchor.open(anchorFile);
    AuditLog.open(file, { anchor }).close();
    expect(anchor.read()?.seq).toBe(3);
    anchor.close();
    expect((await verifyAuditLog(file, { anchor: anchored() })).ok).toBe(true);
  });
});

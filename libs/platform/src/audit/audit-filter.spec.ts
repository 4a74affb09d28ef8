import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AuditEvent } from './audit-event';
import type { AuditFilter } from './audit-filter';
import { AuditLog } from './audit-log';
import type { AuditRecord } from './audit-record';
import { chainRecord } from './audit-record';

/** seq: actor, action, resource, outcome, minute of 2025-03-01T10:MM:00Z. */
const LOG: [string, string, string, AuditEvent['outcome'], number][] = [
  ['carol', 'dicomweb.read', '/dicomweb/studies/1.2', 'success', 0],
  ['carol', 'labels.write', '/api/image-sets/aaa/label', 'success', 1],
  ['anonymous', 'session.create', '/session', 'refused', 2],
  ['otto', 'labels.write', '/api/image-sets/aaa/label', 'refused', 3],
  ['carol', 'dicomweb.read.metadata', '/dicomweb/studies/1.2/metadata', 'success', 4],
  ['admin', 'labels.read', '/api/image-sets/bbb/label', 'success', 5],
  ['carol', 'worklist.read', '/api/worklist/search', 'failed', 6],
];

/** Each filter and the seqs it selects, oldest first. */
const CASES: [string, AuditFilter, number[]][] = [
  ['none', {}, [1, 2, 3, 4, 5, 6, 7]],
  ['actor (exact)', { actor: 'carol' }, [1, 2, 5, 7]],
  ['actor is not a prefix', { actor: 'car' }, []],
  ['action prefix', { action: 'dicomweb.read' }, [1, 5]],
  ['action prefix labels.', { action: 'labels.' }, [2, 4, 6]],
  ['outcome', { outcome: 'refused' }, [3, 4]],
  ['resource prefix', { resource: '/api/image-sets/aaa' }, [2, 4]],
  ['from (inclusive)', { from: '2025-03-01T10:05:00Z' }, [6, 7]],
  ['to (inclusive)', { to: '2025-03-01T10:01:00.000Z' }, [1, 2]],
  ['from and to, another zone', { from: '2025-03-01T11:02:00+01:00', to: '2025-03-01T10:04:30Z' }, [3, 4, 5]],
  ['combined', { actor: 'carol', action: 'labels', outcome: 'success' }, [2]],
];

describe('AuditLog.read filters', () => {
  let dir: string;
  let log: AuditLog;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-audit-filter-'));
    const file = path.join(dir, 'audit.log');
    let previous: AuditRecord | undefined;
    const lines = LOG.map(([actor, action, resource, outcome, minute]) => {
      const time = new Date(Date.UTC(2025, 2, 1, 10, minute));
      previous = chainRecord({ actor, role: 'r', action, resource, outcome, source: '127.0.0.1' }, previous, time);
      return JSON.stringify(previous);
    });
    fs.writeFileSync(file, lines.join('\n') + '\n');
    log = AuditLog.open(file);
  });
  afterAll(() => {
    log.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(CASES)('%s', async (_name, filter, seqs) => {
    const page = await log.read({ limit: 100, ...filter });
    expect(page.records.map((r) => r.seq)).toEqual(seqs);
    expect(page.next).toBeUndefined();
  });

  it('pages through the filtered records: `next` only while a further record passes', async () => {
    const first = await log.read({ actor: 'carol', limit: 2 });
    expect([first.records.map((r) => r.seq), first.next]).toEqual([[1, 2], 2]);
    const second = await log.read({ actor: 'carol', limit: 2, after: 2 });
    expect([second.records.map((r) => r.seq), second.next]).toEqual([[5, 7], undefined]);
    const exact = await log.read({ outcome: 'refused', limit: 2 });
    expect([exact.records.map((r) => r.seq), exact.next]).toEqual([[3, 4], undefined]);
  });

  it('refuses an instant it cannot read', async () => {
    await expect(log.read({ limit: 1, from: 'yesterday' })).rejects.toThrow('audit filter from: "yesterday" is not an ISO 8601 instant');
  });
});

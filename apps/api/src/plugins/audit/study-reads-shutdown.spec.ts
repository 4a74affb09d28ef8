import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AuditRecord } from '@triage/platform';
import { auditLogFile, parseRecord, verifyAuditLog } from '@triage/platform';
import { numberedInstance } from '@triage/test-support';
import { dicomMultipart } from '../../app/test-support/raw-http-connection';
import { startServer, type ServerProcess } from '../../test-support/server-process';

const TOKEN = 'study-reads-spec-admin-token-0123456789';

describe('study reads of the real server, stopped with SIGTERM', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  afterEach(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes the open window before the audit log closes: every frame read is in the log, and it verifies', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-study-reads-'));
    server = await startServer({ TRIAGE_DATA_DIR: dataDir, TRIAGE_SAMPLES: '0', TRIAGE_ADMIN_TOKEN: TOKEN, TRIAGE_CODEC_WORKERS: '1' });
    const instance = numberedInstance({ run: 4444, study: 0, index: 0 });
    const { contentType, body } = dicomMultipart([instance.bytes]);
    const headers = { authorization: `Bearer ${TOKEN}` };
    const stored = await fetch(`${server.url}/dicomweb/studies`, {
      method: 'POST',
      headers: { ...headers, 'content-type': contentType },
      body,
    });
    expect(stored.status).toBe(200);
    const frames = `/dicomweb/studies/${instance.studyInstanceUid}/series/${instance.seriesInstanceUid}/instances/${instance.sopInstanceUid}/frames/1`;
    const reads = 6;
    for (let n = 0; n < reads; n++) {
      const answer = await fetch(`${server.url}${frames}`, {
        headers: { ...headers, accept: 'multipart/related; type="application/octet-stream"' },
      });
      expect(answer.status).toBe(200);
      await answer.arrayBuffer();
    }
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    const file = auditLogFile(dataDir);
    const mine = fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => parseRecord(l) as AuditRecord)
      .filter((r) => r.action === 'dicomweb.read' && r.resource.startsWith(`/dicomweb/studies/${instance.studyInstanceUid}/`));
    // However the reads fell into windows: a record per first read, the others counted in the aggregates, written by the shutdown at the latest.
    const firsts = mine.filter((r) => r.resource === frames);
    const aggregates = mine
      .filter((r) => r.resource === `/dicomweb/studies/${instance.studyInstanceUid}/series/*/instances/*/frames/*`)
      .map(
        (r) =>
          /^accesses: (\d+); frames: (\d+); instances: 0; window: \S+\.\.\S+$/
            .exec(r.detail ?? '')
            ?.slice(1, 3)
            .map(Number) ?? [NaN, NaN],
      );
    expect({
      records: mine.length,
      accesses: firsts.length + aggregates.reduce((n, [a]) => n + a, 0),
      frames: firsts.length + aggregates.reduce((n, [, f]) => n + f, 0),
    }).toEqual({ records: firsts.length + aggregates.length, accesses: reads, frames: reads });
    expect(await verifyAuditLog(file)).toMatchObject({ ok: true, problems: [] });
  }, 90_000);
});

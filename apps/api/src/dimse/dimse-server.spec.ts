import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { readPart10, writePart10 } from '@triage/dicom';
import { corpusFiles, expectedOutcomes, refusalClass } from '@triage/test-data';
import type { AuditEvent } from '@triage/platform';
import { proposeOption, runDcmtk } from '../test-support/dcmtk';
import { parseMultipart } from '../test-support/read-multipart';
import { storeSnapshot } from '../test-support/read-store-snapshot';
import type { TestApp } from '../test-support/test-app';
import { startDimseTestApp, TEST_AE, type DimseTestApp } from './test-support/dimse-test-app';
import { numberedInstance } from '@triage/test-support';
import { startDimseServer, type DimseServer } from './dimse-server';
import { asDecoded, decodedOriginal } from '../test-support/decoded-original';

/**
 * The DIMSE acceptance test, with the real dcmtk clients: every corpus file sent by
 * storescu in its own transfer syntax is stored with its frames bit-exact to the decoded
 * original (read back by WADO-RS), or refused with a failure status and a comment naming the
 * reason, leaving the store as it was.
 */

let app: DimseTestApp;
let t: TestApp;
let dimse: DimseServer;
let audit: AuditEvent[];
const outcomes: string[] = [];
const AE = TEST_AE;

beforeAll(async () => {
  app = await startDimseTestApp({ codecWorkers: 2 });
  ({ t, dimse, audit } = app);
});

afterAll(async () => {
  if (outcomes.length) process.stdout.write(`storescu corpus outcomes:\n${outcomes.join('\n')}\n`);
  await app?.close();
});

const echo = (args: string[], port = dimse.port) => runDcmtk('echoscu', ['-v', ...args, '127.0.0.1', String(port)]);

describe('associations', () => {
  it('answers C-ECHO', async () => {
    const run = await echo(['-aec', AE]);
    expect(run.output).toContain('Received Echo Response (Success)');
    expect(run.code).toBe(0);
  });

  it('rejects an association calling another AE title, and audits it', async () => {
    const run = await echo(['-aec', 'SOMEONE', '-aet', 'MODALITY1']);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('Called AE Title Not Recognized');
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'dimse.associate',
        outcome: 'refused',
        actor: 'MODALITY1',
        resource: 'SOMEONE',
        source: 'dimse:MODALITY1@127.0.0.1',
      }),
    );
  });

  it('accepts only the calling AE titles of its allow-list', async () => {
    const guarded = await startDimseServer({
      store: t.store,
      datastoreId: t.datastoreId,
      host: '127.0.0.1',
      port: 0,
      aeTitle: AE,
      callingAeTitles: ['CT1', 'MR1'],
    });
    try {
      const refused = await echo(['-aec', AE, '-aet', 'ELSEWHERE'], guarded.port);
      expect(refused.code).not.toBe(0);
      expect(refused.output).toContain('Calling AE Title Not Recognized');
      const allowed = await echo(['-aec', AE, '-aet', 'MR1'], guarded.port);
      expect(allowed.output).toContain('Received Echo Response (Success)');
    } finally {
      await guarded.close();
    }
  });

  it('listens only on the configured address', async () => {
    expect(dimse.address).toMatchObject({ address: '127.0.0.1', port: dimse.port });
    // 127.0.0.2 is loopback as well: a server bound to every address would answer there.
    const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      const socket = net.connect({ host: '127.0.0.2', port: dimse.port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.once('error', resolve);
    });
    expect(error?.code).toBe('ECONNREFUSED');
  });
});

function transferSyntaxOf(bytes: Uint8Array): string | undefined {
  try {
    return readPart10(bytes, { untilTag: 'x00020011' }).transferSyntaxUid;
  } catch {
    return undefined;
  }
}

async function locate(sop: string) {
  const [found] = await t.store.qido(t.datastoreId, {
    level: 'instances',
    match: { SOPInstanceUID: [sop] },
    includeField: [],
    limit: 1,
    offset: 0,
  });
  if (!found) return undefined;
  const [located] = await t.store.locateInstances(
    t.datastoreId,
    String(found['0020000D'].Value?.[0]),
    String(found['0020000E'].Value?.[0]),
    sop,
  );
  return located;
}

/** The Error Comment (0000,0902) of the C-STORE response, as storescu -d dumps it. */
function errorComment(output: string): string | undefined {
  return /\(0000,0902\) LO \[([^\]]*)\]/.exec(output)?.[1]?.trim();
}

describe('a refused instance', () => {
  it('gets a failure status with an Error Comment naming the reason, and leaves the store as it was', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-dimse-'));
    const file = path.join(dir, 'no-study.dcm');
    // Everything an instance needs but its StudyInstanceUID.
    fs.writeFileSync(
      file,
      writePart10({
        '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.7'] },
        '00080018': { vr: 'UI', Value: ['1.3.6.1.4.1.99999.7.404.1'] },
        '0020000E': { vr: 'UI', Value: ['1.3.6.1.4.1.99999.7.404.2'] },
        '00080060': { vr: 'CS', Value: ['OT'] },
      }),
    );
    try {
      const before = await storeSnapshot(t);
      const run = await runDcmtk('storescu', ['-d', '-xe', '-aec', AE, '-aet', 'REFUSED', '127.0.0.1', String(dimse.port), file]);
      expect(run.output).toMatch(/DIMSE Status\s*:\s*0xc000/i);
      expect(errorComment(run.output)).toMatch(/^StudyInstanceUID \(0020,000D\) is missing/);
      expect(await storeSnapshot(t)).toBe(before);
      expect(audit).toContainEqual(
        expect.objectContaining({
          action: 'dimse.c-store',
          resource: '1.3.6.1.4.1.99999.7.404.1',
          outcome: 'refused',
          detail: expect.stringContaining('StudyInstanceUID'),
        }),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

const files = corpusFiles();
const expected = expectedOutcomes('c-store');

describe('storescu over the corpus, each file in its own transfer syntax', () => {
  it('has an expected outcome for every corpus file', () => {
    expect(files.map((f) => path.basename(f))).toEqual(Object.keys(expected));
  });

  it.each(files.map((f) => [path.basename(f), f]))('%s', async (name, file) => {
    const bytes = new Uint8Array(fs.readFileSync(file));
    const ts = transferSyntaxOf(bytes);
    const before = await storeSnapshot(t);
    const auditBefore = audit.length;
    const run = await runDcmtk('storescu', [
      '-d',
      '-R',
      proposeOption(ts),
      '-aec',
      AE,
      '-aet',
      'CORPUS',
      '127.0.0.1',
      String(dimse.port),
      file,
    ]);
    const sent = /Sending Store Request/.test(run.output);
    if (!sent) {
      // storescu itself cannot read the file (no meta header, truncated): nothing reached us.
      expect({ name, outcome: 'not-sent' }).toEqual({ name, outcome: expected[name] });
      expect(await storeSnapshot(t)).toBe(before);
      expect(audit.length).toBe(auditBefore);
      outcomes.push(`  ${name}: not sent, storescu: ${(/[EF]: (.*)/.exec(run.output)?.[1] ?? 'no store request').trim()}`);
      return;
    }
    // Sent in its own transfer syntax: storescu converts only between equal syntaxes (re-serialising), never to another.
    const conversion = /Converting transfer syntax: (.*) -> (.*)/.exec(run.output);
    if (conversion) expect([name, conversion[2]]).toEqual([name, conversion[1]]);
    const [event] = audit.slice(auditBefore);
    expect(event).toMatchObject({ action: 'dimse.c-store', actor: 'CORPUS', source: 'dimse:CORPUS@127.0.0.1' });

    const status = /DIMSE Status\s*:\s*0x([0-9a-f]{4})/i.exec(run.output)?.[1]?.toLowerCase();
    if (status !== '0000') {
      const comment = errorComment(run.output);
      expect({ name, outcome: `refused:${refusalClass(comment ?? '')}` }).toEqual({ name, outcome: expected[name] });
      expect(['c000', 'a900', 'a700']).toContain(status);
      expect(comment?.length).toBeGreaterThan(0);
      expect(event).toMatchObject({ outcome: 'refused', detail: expect.any(String) });
      expect(await storeSnapshot(t)).toBe(before);
      outcomes.push(`  ${name}: refused (0x${status}) ${comment}`);
      return;
    }

    expect(event.outcome).toBe('success');
    const sop = event.resource;
    const located = await locate(sop);
    expect(located).toBeDefined();
    if (!located) return;
    expect({ name, outcome: `stored:${located.imageFrameIds.length}` }).toEqual({ name, outcome: expected[name] });
    const original = decodedOriginal(bytes, name);
    expect(located.imageFrameIds.length).toBe(original?.pixels.length ?? 0);
    if (original && located.imageFrameIds.length > 0) {
      const list = located.imageFrameIds.map((_, i) => i + 1).join(',');
      const base = `/studies/${located.studyInstanceUid}/series/${located.seriesInstanceUid}/instances/${sop}`;
      const response = await t.get(`${base}/frames/${list}`, { accept: 'multipart/related; type="application/octet-stream"' });
      expect(response.status).toBe(200);
      const frames = parseMultipart(response.headers.get('content-type') as string, response.body).map((p) => p.body);
      frames.forEach((frame, i) =>
        expect({ name, frame: i + 1, equal: asDecoded(frame, original, i).equals(Buffer.from(original.pixels[i])) }).toEqual({
          name,
          frame: i + 1,
          equal: true,
        }),
      );
      outcomes.push(`  ${name}: stored (sent as ${ts}), ${frames.length} frame(s) bit-exact`);
    } else {
      outcomes.push(`  ${name}: stored (sent as ${ts}), no pixel data`);
    }
  });
});

describe('ingest metrics', () => {
  /** triage_instances_ingested_total by outcome, as GET /metrics serves it. */
  const ingested = async (): Promise<Record<string, number>> => {
    const response = await fetch(`${t.dicomweb.replace(/\/dicomweb$/, '')}/metrics`, {
      headers: { authorization: `Bearer ${t.token}` },
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    const count = (outcome: string) =>
      Number(new RegExp(`^triage_instances_ingested_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    return { stored: count('stored'), unchanged: count('unchanged'), refused: count('refused') };
  };

  it('counts C-STORE outcomes (stored, unchanged, refused) in /metrics as STOW-RS does', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-dimse-metrics-'));
    const good = path.join(dir, 'good.dcm');
    const bad = path.join(dir, 'bad.dcm');
    fs.writeFileSync(good, numberedInstance({ run: 4242, study: 0, index: 0 }).bytes);
    fs.writeFileSync(
      bad,
      writePart10({
        '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.7'] },
        '00080018': { vr: 'UI', Value: ['1.3.6.1.4.1.99999.7.405.1'] },
      }),
    );
    try {
      const before = await ingested();
      for (const file of [good, good, bad]) {
        const run = await runDcmtk('storescu', ['-aec', AE, '-aet', 'METRICS', '127.0.0.1', String(dimse.port), file]);
        expect(run.output).not.toMatch(/Association Rejected|Association Request Failed/);
      }
      const after = await ingested();
      expect({
        stored: after.stored - before.stored,
        unchanged: after.unchanged - before.unchanged,
        refused: after.refused - before.refused,
      }).toEqual({ stored: 1, unchanged: 1, refused: 1 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

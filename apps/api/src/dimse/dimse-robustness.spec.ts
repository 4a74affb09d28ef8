import * as fs from 'node:fs';
import * as path from 'node:path';
import { readPart10 } from '@triage/dicom';
import type { AuditEvent } from '@triage/platform';
import { runDcmtk } from '../test-support/dcmtk';
import { storeSnapshot } from '../test-support/read-store-snapshot';
import type { TestApp } from '../test-support/test-app';
import { startDimseTestApp, TEST_AE, type DimseTestApp } from './test-support/dimse-test-app';
import type { DimseServer } from './dimse-server';
import { storeRaw, type ScuResult } from '@triage/test-support';

/**
 * What a DICOM peer sends never crashes the server: command UIDs that dcmjs-dimse hands back as
 * arrays, a command that names another instance or class than its data set, and the fuzzer's two
 * crash mutants (sent as the fuzzer sends them, bytes as they are) each get an exact DIMSE status
 * and Error Comment, store nothing, and leave C-ECHO and /healthz answering.
 */

const AE = TEST_AE;
const IMPLICIT_LE = '1.2.840.10008.1.2';
const MR_STORAGE = '1.2.840.10008.5.1.4.1.1.4';
const testData = path.resolve(__dirname, '../../../../tools/test-data');
let app: DimseTestApp;
let t: TestApp;
let dimse: DimseServer;
let audit: AuditEvent[];

beforeAll(async () => {
  app = await startDimseTestApp({ codecWorkers: 1 });
  ({ t, dimse, audit } = app);
});

afterAll(() => app?.close());

/** CT_small's data set after its meta header, and what it says about itself. */
function ctSmall(): { dataset: Uint8Array; sopClassUid: string; sopInstanceUid: string; transferSyntaxUid: string } {
  const bytes = fs.readFileSync(path.join(testData, 'corpus/CT_small.dcm'));
  const file = readPart10(bytes, { untilTag: 'x7fe00010' });
  // (0002,0000) File Meta Information Group Length: the meta header ends that many bytes after it.
  const metaEnd = 144 + bytes.readUInt32LE(140);
  return {
    dataset: bytes.subarray(metaEnd),
    sopClassUid: file.dataSet.string('x00080016') as string,
    sopInstanceUid: file.dataSet.string('x00080018') as string,
    transferSyntaxUid: file.transferSyntaxUid,
  };
}

/** One C-STORE with our raw SCU. */
function send(command: {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  dataset: Uint8Array;
}): Promise<ScuResult> {
  return storeRaw({ host: '127.0.0.1', port: dimse.port, calledAe: AE, deadlineMs: 30_000, ...command });
}

/** A fuzz reproducer as the fuzzer sends it: its class and instance UIDs from the meta header's byte ranges, the data set after `datasetAt`. */
function repro(
  name: string,
  at: { classUid: [number, number]; instanceUid?: [number, number]; datasetAt: number },
  fallbackInstanceUid: string,
) {
  const bytes = fs.readFileSync(path.join(testData, 'fuzz-repro', name));
  const text = ([from, to]: [number, number]) =>
    bytes
      .subarray(from, to)
      .toString('latin1')
      .replace(/[\0 ]+$/, '');
  return {
    sopClassUid: text(at.classUid),
    sopInstanceUid: at.instanceUid ? text(at.instanceUid) : fallbackInstanceUid,
    transferSyntaxUid: IMPLICIT_LE,
    dataset: bytes.subarray(at.datasetAt),
  };
}

/** The server still answers C-ECHO and /healthz. */
async function expectAlive(): Promise<void> {
  const echo = await runDcmtk('echoscu', ['-v', '-aec', AE, '127.0.0.1', String(dimse.port)]);
  expect(echo.output).toContain('Received Echo Response (Success)');
  expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
}

describe('a C-STORE the server must refuse, and live on', () => {
  const ct = ctSmall();
  const cases: [string, () => Parameters<typeof send>[0], ScuResult][] = [
    [
      'an Affected SOP Instance UID with a backslash (two values)',
      () => ({ ...ct, sopInstanceUid: `${ct.sopInstanceUid}\\1.2.3` }),
      { kind: 'response', status: 0xc000, comment: 'Affected SOP Instance UID has 2 values' },
    ],
    [
      'a numeric Affected SOP Instance UID (not the data set one)',
      () => ({ ...ct, sopInstanceUid: '12345' }),
      { kind: 'response', status: 0xc000, comment: "data set SOP Instance UID is not the command's" },
    ],
    [
      "a command naming another SOP Instance UID than the data set's",
      () => ({ ...ct, sopInstanceUid: `${ct.sopInstanceUid}.1` }),
      { kind: 'response', status: 0xc000, comment: "data set SOP Instance UID is not the command's" },
    ],
    [
      "a command naming another SOP Class UID than the data set's",
      () => ({ ...ct, sopClassUid: MR_STORAGE }),
      { kind: 'response', status: 0xa900, comment: "data set SOP Class UID is not the command's" },
    ],
    [
      'fuzz seed 7 #226 (the meta header instance UID, cut, runs into a CS value with a backslash)',
      () => repro('cstore-7-226-two-value-instance-uid.dcm', { classUid: [166, 192], instanceUid: [200, 254], datasetAt: 254 }, ''),
      { kind: 'response', status: 0xc000, comment: 'Affected SOP Instance UID has 2 values' },
    ],
    [
      'fuzz seed 8 #8152 (a duplicated chunk makes the class UID 538 bytes of the header, with two backslashes)',
      () => repro('cstore-8-8152-three-value-class-uid.dcm', { classUid: [166, 704], datasetAt: 704 }, '1.3.6.1.4.1.99999.7.9.8.8152'),
      { kind: 'response', status: 0xc000, comment: 'Affected SOP Class UID has 3 values' },
    ],
  ];

  it.each(cases)('%s: refused with its reason, nothing stored', async (_name, command, expected) => {
    const before = await storeSnapshot(t);
    const auditBefore = audit.length;
    expect(await send(command())).toEqual(expected);
    expect(await storeSnapshot(t)).toBe(before);
    expect(audit.slice(auditBefore).map((e) => [e.action, e.outcome])).toEqual([['dimse.c-store', 'refused']]);
    await expectAlive();
  });

  it('still stores the same instance when the command and the data set agree', async () => {
    expect(await send(ct)).toEqual({ kind: 'response', status: 0x0000 });
    await expectAlive();
  });
});

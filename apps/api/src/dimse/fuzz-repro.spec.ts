import * as fs from 'node:fs';
import { readPart10 } from '@triage/dicom';
import { fuzzRepros, refusalClass } from '@triage/test-data';
import type { AuditEvent } from '@triage/platform';
import { proposeOption, runDcmtk } from '../test-support/dcmtk';
import { storeSnapshot } from '../test-support/read-store-snapshot';
import type { TestApp } from '../test-support/test-app';
import type { DimseServer } from './dimse-server';
import { startDimseTestApp, TEST_AE, type DimseTestApp } from './test-support/dimse-test-app';

/**
 * Issue 9, classes A, B and D over C-STORE: each reproducer sent by dcmtk's storescu is refused
 * with 0xC000 and its reason as Error Comment, leaving the store as it was, or not sent at all
 * when storescu cannot read the file itself: as fuzz-repro/expected.tsv says.
 */

const repros = fuzzRepros();
const AE = TEST_AE;
let app: DimseTestApp;
let t: TestApp;
let dimse: DimseServer;
let audit: AuditEvent[];

beforeAll(async () => {
  app = await startDimseTestApp({ codecWorkers: 2 });
  ({ t, dimse, audit } = app);
});

afterAll(() => app?.close());

describe('storescu of each A/B/D reproducer, in its own transfer syntax', () => {
  it.each(repros.map((r) => [r.name, r.class, r] as const))(
    '%s (class %s): as fuzz-repro/expected.tsv says for C-STORE',
    async (name, _class, repro) => {
      const before = await storeSnapshot(t);
      const auditBefore = audit.length;
      const run = await runDcmtk('storescu', [
        '-d',
        '-R',
        proposeOption(transferSyntaxOf(fs.readFileSync(repro.file))),
        '-aec',
        AE,
        '-aet',
        'FUZZ',
        '127.0.0.1',
        String(dimse.port),
        repro.file,
      ]);
      let outcome: string;
      if (!/Sending Store Request/.test(run.output)) {
        // storescu itself cannot read the file: nothing reached us.
        outcome = 'not-sent';
        expect(audit.length).toBe(auditBefore);
      } else {
        const status = /DIMSE Status\s*:\s*0x([0-9a-f]{4})/i.exec(run.output)?.[1]?.toLowerCase();
        const comment = /\(0000,0902\) LO \[([^\]]*)\]/.exec(run.output)?.[1]?.trim() ?? '';
        outcome = status === '0000' ? 'stored' : `refused:${refusalClass(comment)}`;
        // Bad input is never a server failure (0x0110).
        if (status !== '0000') expect({ name, status }).toEqual({ name, status: 'c000' });
      }
      expect({ name, outcome }).toEqual({ name, outcome: repro.expected['c-store'].replace(/^stored:\d+$/, 'stored') });
      if (outcome !== 'stored') expect(await storeSnapshot(t)).toBe(before);
    },
  );
});

/** The transfer syntax the file says it is in, to propose only that one; undefined when it cannot be read. */
function transferSyntaxOf(bytes: Uint8Array): string | undefined {
  try {
    return readPart10(bytes, { untilTag: 'x00020011' }).transferSyntaxUid;
  } catch {
    return undefined;
  }
}

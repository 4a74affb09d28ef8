import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusDir } from '@triage/test-data';
import { WORKSPACE_ROOT } from '../test-support/server-process';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { RawHttpConnection, dicomMultipart, stowHead, type RawHttpAnswer } from './test-support/raw-http-connection';

const BROKEN = fs.readFileSync(path.join(WORKSPACE_ROOT, 'tools/test-data/fuzz-repro/01289_A_length_rtdose_1frame.dcm'));
const GOOD = ['CT_small.dcm', 'MR_small.dcm', 'MR_small_implicit.dcm'].map((name) => fs.readFileSync(path.join(corpusDir(), name)));
/** Bounded waits: an answer that does not come within this is the class C hang. */
const ANSWER_WITHIN_MS = 15_000;

describe('class C: after an error answer, the next request on a keep-alive connection is answered', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers a STOW-RS request led by 01289 (then 3 good parts), then the next request: on that connection, or after a clean close on a new one', async () => {
    const host = new URL(t.url).host;
    const { contentType, body } = dicomMultipart([BROKEN, ...GOOD]);
    const connection = await RawHttpConnection.connect(t.url);
    // The whole request at once, as a modality would send it: the server may answer before reading all of it.
    await connection.write(Buffer.concat([Buffer.from(stowHead(host, t.token, contentType, body.length)), body]));
    const first = await connection.readAnswer(ANSWER_WITHIN_MS);
    // Either answer is right here (a 500 before the per-part refusal lands, 202 after it): this spec asserts on what follows.
    expect(first).not.toBe('closed');
    expect([200, 202, 409, 500]).toContain((first as RawHttpAnswer).status);

    const next = `GET /dicomweb/studies?limit=1 HTTP/1.1\r\nhost: ${host}\r\nauthorization: Bearer ${t.token}\r\n\r\n`;
    let second: RawHttpAnswer | 'closed';
    if ((first as RawHttpAnswer).headers.connection?.toLowerCase() === 'close') {
      // The server said it closes: it must do so (no half-open connection left to hang on), and a new one works.
      await connection.closed;
      second = 'closed';
    } else {
      await connection.write(next).catch(() => undefined);
      second = await connection.readAnswer(ANSWER_WITHIN_MS);
    }
    if (second === 'closed') {
      const fresh = await RawHttpConnection.connect(t.url);
      await fresh.write(next);
      second = await fresh.readAnswer(ANSWER_WITHIN_MS);
      fresh.destroy();
    }
    connection.destroy();
    expect(second).not.toBe('closed');
    expect({ status: (second as RawHttpAnswer).status, type: (second as RawHttpAnswer).headers['content-type'] }).toEqual({
      status: 200,
      type: 'application/dicom+json; charset=utf-8',
    });
  });
});

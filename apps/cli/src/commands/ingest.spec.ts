import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readPart10 } from '@triage/dicom';
import type { FakeDicomweb } from '../test-support/fake-dicomweb';
import { startFakeDicomweb } from '../test-support/fake-dicomweb';
import { runCli } from '../test-support/run-cli';
import { corpusDir } from '@triage/dicom/test-support';

const corpus = corpusDir();
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const uidOf = (file: string) => readPart10(fs.readFileSync(file)).dataSet.string('x00080018') as string;

describe('triage ingest', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-ingest-'));
  const folder = path.join(tmp, 'in');
  const sendable = [
    'CT_small.dcm',
    'MR_small.dcm',
    'nested/deeper/SC_rgb_rle.dcm',
    'nested/liver_1frame.dcm',
    'nested/ExplVR_LitEndNoMeta.dcm',
    'nested/rtplan_truncated.dcm',
  ];
  const refusal = 'pixel data length does not match Rows × Columns';
  let server: FakeDicomweb;

  beforeAll(async () => {
    for (const name of sendable) {
      fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
      fs.copyFileSync(path.join(corpus, path.basename(name)), path.join(folder, name));
    }
    fs.writeFileSync(path.join(folder, 'nested', 'notes.txt'), 'not an image\n');
    const mr = uidOf(path.join(corpus, 'MR_small.dcm'));
    const files = new Map([['CT_small.dcm', fs.readFileSync(path.join(corpus, 'CT_small.dcm'))]]);
    server = await startFakeDicomweb({ token: 'secret', refuse: new Map([[mr, refusal]]), files });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('sends every DICOM file of a folder as multipart/related parts holding the exact file bytes, and reports refusals with their reasons', async () => {
    const out = await runCli(['ingest', folder, '--url', server.url, '--batch-size', '2', '--concurrency', '3'], {
      TRIAGE_TOKEN: 'secret',
    });
    // Every part the server parsed back is byte for byte one of the files; every DICOM file was sent once.
    const expected = sendable.map((n) => fs.readFileSync(path.join(folder, n)));
    // The truncated file comes back without a UID in its batch's response, so it is sent again alone.
    expect(server.parts).toHaveLength(sendable.length + 1);
    for (const [i, file] of expected.entries())
      expect(server.parts.filter((p) => p.bytes.equals(file))).toHaveLength(sendable[i].includes('truncated') ? 2 : 1);
    expect(server.parts.every((p) => p.contentType === 'application/dicom')).toBe(true);
    expect(server.stowContentTypes.every((t) => /^multipart\/related; type="application\/dicom"; boundary=\S+$/.test(t))).toBe(true);
    expect(server.stowContentTypes.length).toBeGreaterThanOrEqual(3); // batches of at most 2
    // The summary names the refused file with the server's words and failure code, and the skipped one.
    expect(out.stdout).toContain(`${folder}: 4 stored, 0 unchanged (already there), 2 refused, 1 skipped (not DICOM)`);
    expect(out.stdout).toContain(`refused  ${path.join(folder, 'MR_small.dcm')}: ${refusal} (FailureReason 0xC000)`);
    expect(out.stdout).toMatch(
      new RegExp(
        `refused  ${escape(path.join(folder, 'nested', 'rtplan_truncated.dcm'))}: not DICOM: .*truncated.* \\(FailureReason 0xC000\\)`,
      ),
    );
    expect(out.stdout).toContain(`skipped  ${path.join(folder, 'nested', 'notes.txt')}`);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe('triage: 2 of 6 file(s) refused\n');
  });

  it('reports a repeat as unchanged and exits 0; a URL is fetched and forwarded', async () => {
    const before = server.parts.length;
    const out = await runCli(['ingest', `${server.url}/files/CT_small.dcm`, '--url', server.url], { TRIAGE_ADMIN_TOKEN: 'secret' });
    expect(out).toMatchObject({ code: 0, stderr: '' });
    expect(out.stdout).toContain(': 0 stored, 1 unchanged (already there), 0 refused');
    expect(server.parts[before].bytes.equals(fs.readFileSync(path.join(corpus, 'CT_small.dcm')))).toBe(true);
  });

  it('names a file the server could not read at all, sent alone', async () => {
    const garbage = path.join(tmp, 'garbage.dcm');
    fs.writeFileSync(garbage, Buffer.alloc(300, 7));
    const out = await runCli(['ingest', garbage, '--url', server.url, '--token', 'secret']);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(new RegExp(`refused  ${escape(garbage)}: not DICOM: .+ \\(FailureReason 0xC000\\)`));
  });

  it('stops with one line when the token is refused (401 problem+json)', async () => {
    const out = await runCli(['ingest', folder, '--url', server.url, '--token', 'wrong']);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(
      `triage: STOW-RS to ${server.url}: HTTP 401: missing or invalid bearer token (set --token, $TRIAGE_TOKEN or $TRIAGE_ADMIN_TOKEN)\n`,
    );
  });

  it('stops with one line when nothing listens at --url', async () => {
    const out = await runCli(['ingest', folder, '--url', 'http://127.0.0.1:9', '--token', 'secret']);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe('triage: cannot reach the API at http://127.0.0.1:9: connection refused (is `triage up` running?)\n');
  });

  it('refuses a path that does not exist', async () => {
    const out = await runCli(['ingest', path.join(tmp, 'nope'), '--url', server.url]);
    expect(out).toMatchObject({ code: 1, stderr: `triage: ${path.join(tmp, 'nope')}: no such file or folder\n` });
  });
});

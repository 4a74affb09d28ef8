import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeFrame } from '@triage/codec';
import { TransferSyntax, getFrame, readPart10, readPixelInfo } from '@triage/dicom';
import { runCli } from './test-support/run-cli';
import { corpusDir } from '@triage/dicom/test-support';
import { startUp, type RunningUp } from './test-support/running-up';

const corpus = corpusDir();
const token = 'e2e-admin-token-0123456789abcdef';

// Two real processes (CLI and API) per step: generous on a loaded CI machine, ~20 s in all normally.
jest.setTimeout(120_000);

/** The decoded pixels of one frame of a corpus file: what WADO-RS must give back, bit for bit. */
function originalPixels(file: string, index: number): Buffer {
  const parsed = readPart10(fs.readFileSync(file));
  const info = readPixelInfo(parsed);
  return Buffer.from(decodeFrame(parsed.transferSyntaxUid, getFrame(parsed, index, info).bytes, info).pixels);
}

describe('triage up, ingest, search and get-frame against the real API', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-e2e-'));
  const input = path.join(tmp, 'in');
  let up: RunningUp;
  let url = '';
  const env = { TRIAGE_ADMIN_TOKEN: token };

  beforeAll(async () => {
    fs.mkdirSync(input);
    for (const name of ['CT_small.dcm', 'SC_rgb_rle_2frame.dcm', 'rtplan_truncated.dcm'])
      fs.copyFileSync(path.join(corpus, name), path.join(input, name));
    up = await startUp(path.join(tmp, 'data'), { TRIAGE_ADMIN_TOKEN: token });
    url = up.url;
  });

  afterAll(async () => {
    await up.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('ingests a folder, reporting the truncated file with the server reason, then a repeat changes nothing', async () => {
    const first = await runCli(['ingest', input, '--url', url], env);
    expect(first.stdout).toContain(`${input}: 2 stored, 0 unchanged (already there), 1 refused`);
    expect(first.stdout).toMatch(/refused {2}.*rtplan_truncated\.dcm: .*truncated.*\(FailureReason 0xC000\)/);
    expect(first).toMatchObject({ code: 1, stderr: 'triage: 1 of 3 file(s) refused\n' });
    const again = await runCli(['ingest', path.join(input, 'CT_small.dcm'), '--url', url], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 stored, 1 unchanged (already there), 0 refused');
  });

  it('finds the stored study by QIDO-RS', async () => {
    const out = await runCli(['search', '--url', url, '--patient-id', '1CT1', '--json'], env);
    expect(out.code).toBe(0);
    const studies = JSON.parse(out.stdout) as Record<string, { Value?: unknown[] }>[];
    expect(studies).toHaveLength(1);
    expect(studies[0]['0020000D'].Value).toEqual([
      readPart10(fs.readFileSync(path.join(corpus, 'CT_small.dcm'))).dataSet.string('x0020000d'),
    ]);
    const table = await runCli(['search', '--url', url, '--level', 'instances'], env);
    expect(table.code).toBe(0);
    expect(table.stderr).toBe('2 instances\n');
  });

  it('get-frame returns frames that decode bit-exact to the originals, raw and HTJ2K', async () => {
    const file = path.join(corpus, 'SC_rgb_rle_2frame.dcm');
    const ds = readPart10(fs.readFileSync(file)).dataSet;
    const ids = [
      '--study',
      ds.string('x0020000d') ?? '',
      '--series',
      ds.string('x0020000e') ?? '',
      '--instance',
      ds.string('x00080018') ?? '',
    ];
    const raw = path.join(tmp, 'frame2.raw');
    const rawOut = await runCli(['get-frame', '--url', url, ...ids, '--frame', '2', '--format', 'raw', '--out', raw], env);
    // On failure, show what the API logged: the CLI's line only names a request id.
    expect({ ...rawOut, log: rawOut.code ? up.log().slice(-3000) : '' }).toMatchObject({ code: 0, stderr: '', log: '' });
    expect(fs.readFileSync(raw).equals(originalPixels(file, 1))).toBe(true);
    const htj2k = path.join(tmp, 'frame2.jhc');
    const htOut = await runCli(['get-frame', '--url', url, ...ids, '--frame', '2', '--out', htj2k], env);
    expect(htOut).toMatchObject({ code: 0, stderr: '' });
    expect(htOut.stdout).toMatch(/frame2\.jhc: \d+ bytes, image\/jph/);
    const info = readPixelInfo(readPart10(fs.readFileSync(file)));
    expect(
      Buffer.from(decodeFrame(TransferSyntax.HTJ2KLosslessRPCL, fs.readFileSync(htj2k), info).pixels).equals(originalPixels(file, 1)),
    ).toBe(true);
  });

  it('a wrong token is one line naming the server reason', async () => {
    const out = await runCli(['search', '--url', url, '--token', 'not-the-token'], env);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(
      /^triage: QIDO-RS dicomweb\/studies: HTTP 401: .+\(set --token, \$TRIAGE_TOKEN or \$TRIAGE_ADMIN_TOKEN\)\n$/,
    );
  });

  it('up forwards SIGTERM and the API shuts down cleanly', async () => {
    expect(await up.stop()).toBe(0);
  });
});

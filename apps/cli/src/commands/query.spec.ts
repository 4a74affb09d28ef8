import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FakeDicomweb } from '../test-support/fake-dicomweb';
import { startFakeDicomweb } from '../test-support/fake-dicomweb';
import { runCli } from '../test-support/run-cli';

const study = {
  '00100020': { vr: 'LO', Value: ['PAT-7'] },
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'DOE^JANE' }] },
  '00080020': { vr: 'DA', Value: ['20240314'] },
  '00080061': { vr: 'CS', Value: ['CT', 'SR'] },
  '00201208': { vr: 'IS', Value: [100] },
  '0020000D': { vr: 'UI', Value: ['1.2.3.4'] },
};

describe('triage search and get-frame', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-query-'));
  // A frame holding the multipart delimiter's own bytes: the reader must cut at the boundary only.
  const frame = Buffer.concat([randomBytes(5000), Buffer.from('\r\n--frame-boundary-4\r\n\r\n'), randomBytes(3000), Buffer.from('\r\n')]);
  let server: FakeDicomweb;
  const last = () => {
    const request = server.requests.at(-1);
    if (!request) throw new Error('the server got no request');
    return request;
  };

  beforeAll(async () => {
    server = await startFakeDicomweb({ token: 'secret', frame, qido: [study] });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('search sends the QIDO-RS matching keys and prints a table', async () => {
    const out = await runCli(
      ['search', '--url', server.url, '--patient-name', 'DOE*', '--study-date', '20240101-20241231', '--modality', 'CT', '--limit', '5'],
      { TRIAGE_TOKEN: 'secret' },
    );
    expect(out.code).toBe(0);
    const request = new URL(last().url, 'http://x');
    expect(request.pathname).toBe('/dicomweb/studies');
    expect(Object.fromEntries(request.searchParams)).toEqual({
      PatientName: 'DOE*',
      StudyDate: '20240101-20241231',
      ModalitiesInStudy: 'CT',
      limit: '5',
    });
    const [header, row] = out.stdout.trim().split('\n');
    expect(header).toMatch(/^PATIENT ID\s+PATIENT NAME\s+DATE\s+MODALITIES/);
    expect(row.split(/\s{2,}/)).toEqual(['PAT-7', 'DOE^JANE', '20240314', 'CT\\SR', '100', '1.2.3.4']);
    expect(out.stderr).toBe('1 study\n');
  });

  it('search --json prints the data sets; series of a study go to /studies/{uid}/series', async () => {
    const out = await runCli([
      'search',
      '--url',
      server.url,
      '--token',
      'secret',
      '--level',
      'series',
      '--study',
      '1.2.3.4',
      '--modality',
      'CT',
      '--json',
    ]);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual([study]);
    const request = new URL(last().url, 'http://x');
    expect(request.pathname).toBe('/dicomweb/studies/1.2.3.4/series');
    expect(request.searchParams.get('Modality')).toBe('CT');
  });

  it('a 401 problem+json is one clear line', async () => {
    const out = await runCli(['search', '--url', server.url, '--token', 'nope']);
    expect(out).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        'triage: QIDO-RS dicomweb/studies: HTTP 401: missing or invalid bearer token (set --token, $TRIAGE_TOKEN or $TRIAGE_ADMIN_TOKEN)\n',
    });
  });

  it('get-frame writes exactly the body of the single part, asking for HTJ2K', async () => {
    const file = path.join(tmp, 'frame.jhc');
    const out = await runCli([
      'get-frame',
      '--url',
      server.url,
      '--token',
      'secret',
      '--study',
      '1.2.3',
      '--series',
      '1.2.3.4',
      '--instance',
      '1.2.3.4.5',
      '--frame',
      '2',
      '--out',
      file,
    ]);
    expect(out.code).toBe(0);
    expect(fs.readFileSync(file).equals(frame)).toBe(true);
    expect(out.stdout).toBe(`${file}: ${frame.length} bytes, image/jph\n`);
    const request = last();
    expect(request.url).toBe('/dicomweb/studies/1.2.3/series/1.2.3.4/instances/1.2.3.4.5/frames/2');
    expect(request.accept).toMatch(/^multipart\/related; type="image\/jph"; transfer-syntax=1\.2\.840\.10008\.1\.2\.4\.202/);
  });

  it('get-frame --format raw asks for uncompressed little endian', async () => {
    const file = path.join(tmp, 'frame.raw');
    const out = await runCli([
      'get-frame',
      '--url',
      server.url,
      '--token',
      'secret',
      '--study',
      '1.2.3',
      '--series',
      '1.2.3.4',
      '--instance',
      '1.2.3.4.5',
      '--format',
      'raw',
      '--out',
      file,
    ]);
    expect(out.code).toBe(0);
    expect(fs.readFileSync(file).equals(frame)).toBe(true);
    expect(last().accept).toBe('multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.1');
  });

  it('get-frame refuses a UID that is not one before any request', async () => {
    const count = server.requests.length;
    const out = await runCli(['get-frame', '--url', server.url, '--study', '../../etc', '--series', '1', '--instance', '1']);
    expect(out).toMatchObject({ code: 2, stderr: "triage: --study: '../../etc' is not a DICOM UID\n" });
    expect(server.requests).toHaveLength(count);
  });
});

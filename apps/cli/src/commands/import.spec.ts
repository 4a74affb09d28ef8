import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { corpusDir } from '@triage/dicom/test-support';
import { runCli } from '../test-support/run-cli';
import { startUp, type RunningUp } from '../test-support/running-up';

const adminToken = 'import-spec-admin-token-0123456789';

// A real API process and a CLI process per step.
jest.setTimeout(120_000);

describe('triage import against the real API', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-import-'));
  const dataDir = path.join(tmp, 'data');
  const allowed = path.join(tmp, 'allowed');
  const folder = path.join(allowed, 'in');
  const outside = path.join(tmp, 'outside');
  const files = ['CT_small.dcm', 'MR_small_RLE.dcm', 'nested/SC_rgb_rle_2frame.dcm', 'nested/JPEG2000.dcm'];
  let up: RunningUp;
  let url = '';

  beforeAll(async () => {
    for (const name of files) {
      fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
      fs.copyFileSync(path.join(corpusDir(), path.basename(name)), path.join(folder, name));
    }
    fs.writeFileSync(path.join(folder, 'nested', 'notes.txt'), 'not an image\n');
    fs.mkdirSync(outside, { recursive: true });
    up = await startUp(dataDir, { TRIAGE_ADMIN_TOKEN: adminToken, TRIAGE_IMPORT_ROOTS: allowed });
    url = up.url;
  });

  afterAll(async () => {
    await up.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('imports a folder, follows the job to its end and prints the manifest summary with each failure and its reason', async () => {
    const out = await runCli(['import', folder, '--url', url], { TRIAGE_TOKEN: adminToken });
    expect(out.stdout).toMatch(new RegExp(`^import ${folder}: job [0-9a-f]{32} completed\n`));
    expect(out.stdout).toContain('  4 of 5 file(s) imported into');
    expect(out.stdout).toMatch(/ {2}failed: nested\/notes\.txt: .+\n/);
    const manifestDir = /manifests: (\S+)/.exec(out.stdout)?.[1] as string;
    const successes = fs
      .readFileSync(path.join(manifestDir, 'SUCCESS', 'success.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).inputFile);
    expect(successes.sort()).toEqual(files.map((f) => path.normalize(f)).sort());
    // One failed file: the command says so and exits non-zero.
    expect(out.stderr).toBe('triage: 1 of 5 file(s) not imported\n');
    expect(out.code).toBe(1);

    // The studies are there: QIDO finds the imported CT.
    const search = await fetch(`${url}/dicomweb/instances?SOPInstanceUID=1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(JSON.parse(await search.text())).toHaveLength(1);
  });

  it('refuses folders outside TRIAGE_IMPORT_ROOTS and relative paths, saying why', async () => {
    const outsideRun = await runCli(['import', outside, '--url', url], { TRIAGE_TOKEN: adminToken });
    expect(outsideRun.code).not.toBe(0);
    expect(outsideRun.stderr).toMatch(/HTTP 403: .*outside the folders this server imports from/);
    const relative = await fetch(`${url}/import-jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputDir: 'relative/dir' }),
    });
    expect(relative.status).toBe(400);
    expect(await relative.text()).toContain('inputDir must be an absolute path');
    const noToken = await fetch(`${url}/import-jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputDir: folder }),
    });
    expect(noToken.status).toBe(401);
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateChestStudies } from '@triage/sample-data';
import { runCli } from '../test-support/run-cli';
import { startUp, type RunningUp } from '../test-support/running-up';

const adminToken = 'sample-verified-spec-admin-token-0123';

// A real API process and a CLI process per run.
jest.setTimeout(120_000);

interface Row {
  studyInstanceUid: string;
  verification: string;
  label?: { finding: string; verified: boolean; version: number; origin: { kind: string; principal?: string } };
}

describe('triage sample verified against the real API', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-sample-verified-'));
  let up: RunningUp;
  const cli = () =>
    runCli(['sample', 'verified', '--count', '6', '--size', '64', '--seed', 'spec', '--url', up.url, '--token', adminToken]);
  const worklist = async (): Promise<Row[]> => {
    const response = await fetch(new URL('/api/worklist/search', up.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ limit: 50 }),
    });
    return ((await response.json()) as { items: Row[] }).items;
  };

  beforeAll(async () => {
    up = await startUp(path.join(tmp, 'data'), { TRIAGE_ADMIN_TOKEN: adminToken });
  });
  afterAll(async () => {
    await up.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('stores the radiographs and verifies each with the finding it was drawn with, as the token principal', async () => {
    const truth = new Map([...generateChestStudies({ count: 6, seed: 'spec', size: 64 })].map((i) => [i.studyInstanceUid, i.label]));
    const counts = [...truth.values()].reduce<Record<string, number>>((c, l) => ({ ...c, [l as string]: (c[l as string] ?? 0) + 1 }), {});
    const findings = Object.entries(counts)
      .map(([finding, n]) => `${n} ${finding}`)
      .join(', ');

    const first = await cli();
    expect(first).toMatchObject({ code: 0, stdout: `6 synthetic radiograph(s) (${findings}): 6 verified now, 0 already verified\n` });
    const rows = await worklist();
    expect(
      rows.map((r) => [r.studyInstanceUid, r.label?.finding, r.label?.verified, r.label?.version, r.label?.origin.kind]).sort(),
    ).toEqual([...truth].map(([uid, label]) => [uid, label, true, 1, 'clinician']).sort());
  });

  it('is idempotent: a rerun stores the same studies again (ingest is idempotent) and verifies nothing twice', async () => {
    const again = await cli();
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/: 0 verified now, 6 already verified\n$/);
    expect((await worklist()).map((r) => r.label?.version)).toEqual([1, 1, 1, 1, 1, 1]);
  });
});

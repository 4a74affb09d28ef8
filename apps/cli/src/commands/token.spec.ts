import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../test-support/run-cli';
import { startUp, type RunningUp } from '../test-support/running-up';

const adminToken = 'token-spec-admin-token-0123456789';

// A real API process and a CLI process per step.
jest.setTimeout(120_000);

describe('triage token and triage audit verify against the real API', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-token-'));
  const dataDir = path.join(tmp, 'data');
  const auditFile = path.join(dataDir, 'audit', 'audit.log');
  let up: RunningUp;
  let url = '';
  let clinicianToken = '';

  beforeAll(async () => {
    up = await startUp(dataDir, { TRIAGE_ADMIN_TOKEN: adminToken });
    url = up.url;
  });

  afterAll(async () => {
    await up.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('an admin creates a clinician token (printed once), lists and revokes it', async () => {
    const created = await runCli(['token', 'create', '--role', 'clinician', '--name', 'carol', '--url', url, '--token', adminToken]);
    expect(created).toMatchObject({ code: 0, stderr: 'issued a clinician token to carol (shown once, store it now):\n' });
    clinicianToken = created.stdout.trim();
    expect(clinicianToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await runCli(['token', 'create', '--role', 'auditor', '--name', 'otto', '--url', url], { TRIAGE_TOKEN: adminToken });

    const listed = await runCli(['token', 'list', '--url', url, '--token', adminToken]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^NAME +ROLE +ISSUED\n/);
    expect(listed.stdout).toMatch(/\ncarol +clinician +\d{4}-/);
    expect(listed.stdout).toMatch(/\notto +auditor +/);
    expect(listed.stdout).not.toContain(clinicianToken);

    const wrongRole = await runCli(['token', 'create', '--role', 'root', '--name', 'x', '--url', url, '--token', adminToken]);
    expect(wrongRole).toMatchObject({
      code: 2,
      stderr: "triage: --role: 'root' is not one of admin, clinician, data-scientist, auditor\n",
    });

    const revoked = await runCli(['token', 'revoke', 'otto', '--url', url, '--token', adminToken]);
    expect(revoked).toMatchObject({ code: 0, stdout: 'revoked the token of otto\n' });
    const again = await runCli(['token', 'revoke', 'otto', '--url', url, '--token', adminToken]);
    expect(again).toMatchObject({ code: 1, stderr: 'triage: token revoke otto: HTTP 404: otto holds no token\n' });
  });

  it('a clinician token cannot issue tokens, and the refusal is audited', async () => {
    const refused = await runCli(['token', 'create', '--role', 'admin', '--name', 'mallory', '--url', url, '--token', clinicianToken]);
    expect(refused).toMatchObject({
      code: 1,
      stderr: 'triage: token create mallory: HTTP 403: the role clinician may not perform tokens.manage\n',
    });
    const records = fs
      .readFileSync(auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.at(-1)).toMatchObject({
      actor: 'carol',
      role: 'clinician',
      action: 'tokens.manage',
      outcome: 'refused',
      resource: '/admin/tokens',
    });
    const text = fs.readFileSync(auditFile, 'utf8');
    expect(text).not.toContain(clinicianToken);
    expect(text).not.toContain(adminToken);
  });

  it('audit verify passes the intact log and names a changed, an inserted and a removed record', async () => {
    const ok = await runCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/records, chain intact/);

    const original = fs.readFileSync(auditFile, 'utf8');
    const lines = original.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    const copy = path.join(tmp, 'tampered.log');
    const verify = async (tampered: string[]) => {
      fs.writeFileSync(copy, tampered.join('\n') + '\n');
      return runCli(['audit', 'verify', '--file', copy]);
    };

    const changed = await verify(lines.map((l, i) => (i === 1 ? l.replace('"source":"127.0.0.1"', '"source":"10.9.9.9"') : l)));
    expect(changed.code).toBe(1);
    expect(changed.stdout).toBe('changed: line 2: seq 2 was changed (its content does not match its hash)\n');
    expect(changed.stderr).toMatch(/has been tampered with: 1 problem/);

    const inserted = await verify([...lines.slice(0, 3), lines[0], ...lines.slice(3)]);
    expect(inserted).toMatchObject({
      code: 1,
      stdout: 'inserted: line 4: a record claiming seq 1 after seq 3 does not belong to the chain (inserted)\n',
    });

    const removed = await verify(lines.filter((_l, i) => i !== 2));
    expect(removed).toMatchObject({ code: 1, stdout: 'removed: line 3: seq 3 removed (seq 4 follows seq 2)\n' });

    // The live log itself, tampered in place, fails too.
    fs.writeFileSync(auditFile, original.replace('"actor":"carol"', '"actor":"carla"'));
    const live = await runCli(['audit', 'verify'], { TRIAGE_DATA_DIR: dataDir });
    expect(live.code).toBe(1);
    expect(live.stdout).toMatch(/^changed: line \d+: seq \d+ was changed/);
  });
});

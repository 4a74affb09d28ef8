import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AccessKeyStore } from '@triage/platform';
import { runCli } from '../test-support/run-cli';
import { startUp, type RunningUp } from '../test-support/running-up';

const adminToken = 'access-key-spec-admin-token-0123456789';

// A real API process and a CLI process per step.
jest.setTimeout(120_000);

describe('triage access-key against the real API', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-access-key-'));
  const dataDir = path.join(tmp, 'data');
  const keysFile = path.join(dataDir, 'auth', 'access-keys.json');
  let up: RunningUp;
  let url = '';

  beforeAll(async () => {
    up = await startUp(dataDir, {
      TRIAGE_ADMIN_TOKEN: adminToken,
      TRIAGE_ACCESS_KEY_ID: 'TRIAGECLISPECKEY0001',
      TRIAGE_SECRET_ACCESS_KEY: 'cli-spec-secret-0123456789',
    });
    url = up.url;
  });

  afterAll(async () => {
    await up.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('an admin creates a data-scientist key (secret printed once), lists and revokes it', async () => {
    const created = await runCli([
      'access-key',
      'create',
      '--role',
      'data-scientist',
      '--name',
      'notebook',
      '--url',
      url,
      '--token',
      adminToken,
    ]);
    expect(created).toMatchObject({
      code: 0,
      stderr: 'issued a data-scientist access key for notebook (the secret is shown once, store it now):\n',
    });
    const [, id, secret] = /^AWS_ACCESS_KEY_ID=([A-Z0-9]{20})\nAWS_SECRET_ACCESS_KEY=(\S+)\n$/.exec(created.stdout) ?? [];
    expect(id).toBeDefined();
    // What the server stored: the pair, acting as the role asked for.
    const stored = AccessKeyStore.open(keysFile);
    expect(stored.holds({ accessKeyId: id, secretAccessKey: secret })).toBe(true);
    expect(stored.roleFor(id)).toBe('data-scientist');
    expect(stored.roleFor('TRIAGECLISPECKEY0001')).toBe('admin');

    const listed = await runCli(['access-key', 'list', '--url', url, '--token', adminToken]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ACCESS KEY ID +NAME +ROLE +ISSUED\n/);
    expect(listed.stdout).toMatch(/\nTRIAGECLISPECKEY0001 +default +admin +\d{4}-/);
    expect(listed.stdout).toMatch(new RegExp(`\\n${id} +notebook +data-scientist +\\d{4}-`));
    expect(listed.stdout).not.toContain(secret);

    const wrongRole = await runCli(['access-key', 'create', '--role', 'root', '--name', 'x', '--url', url, '--token', adminToken]);
    expect(wrongRole).toMatchObject({
      code: 2,
      stderr: "triage: --role: 'root' is not one of admin, clinician, data-scientist, auditor\n",
    });

    const revoked = await runCli(['access-key', 'revoke', id, '--url', url, '--token', adminToken]);
    expect(revoked).toMatchObject({ code: 0, stdout: `revoked the access key ${id}\n` });
    expect(AccessKeyStore.open(keysFile).secretFor(id)).toBeUndefined();
    const again = await runCli(['access-key', 'revoke', id, '--url', url, '--token', adminToken]);
    expect(again).toMatchObject({ code: 1, stderr: `triage: access-key revoke ${id}: HTTP 404: no access key ${id}\n` });
  });

  it('a clinician token cannot issue access keys, and the refusal is audited', async () => {
    const clinician = (
      await runCli(['token', 'create', '--role', 'clinician', '--name', 'carol', '--url', url, '--token', adminToken])
    ).stdout.trim();
    const refused = await runCli(['access-key', 'create', '--role', 'admin', '--name', 'mallory', '--url', url, '--token', clinician]);
    expect(refused).toMatchObject({
      code: 1,
      stderr: 'triage: access-key create mallory: HTTP 403: the role clinician may not perform tokens.manage\n',
    });
    const records = fs
      .readFileSync(path.join(dataDir, 'audit', 'audit.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.at(-1)).toMatchObject({
      actor: 'carol',
      role: 'clinician',
      action: 'tokens.manage',
      outcome: 'refused',
      resource: '/admin/access-keys',
    });
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AwsHealthImaging } from '@triage/healthimaging';
import { startServer, type ServerProcess } from '../test-support/server-process';

describe('main: the HealthImaging API access key', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-keys-'));
  });
  afterAll(() => {
    server?.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const listDatastores = async (url: string, accessKeyId: string, secretAccessKey: string) => {
    const hi = AwsHealthImaging.create({
      region: 'eu-west-1',
      endpoint: url,
      credentials: { accessKeyId, secretAccessKey },
      maxAttempts: 1,
    });
    try {
      return await hi.listDatastores({});
    } finally {
      hi.close();
    }
  };

  it('is generated on the first start, printed once to stdout, kept 0600, never logged, and signs SDK requests after a restart', async () => {
    const env = {
      TRIAGE_DATA_DIR: dataDir,
      TRIAGE_SAMPLES: '0',
      TRIAGE_LOG_LEVEL: 'info',
      TRIAGE_ACCESS_KEY_ID: '',
      TRIAGE_SECRET_ACCESS_KEY: '',
    };
    server = await startServer(env);
    const [, id = '', secret = ''] = /TRIAGE_ACCESS_KEY_ID=(\S+) TRIAGE_SECRET_ACCESS_KEY=(\S+)/.exec(server.stdout()) ?? [];
    expect(id).toMatch(/^[A-Z0-9]{20}$/);
    expect(secret.length).toBeGreaterThanOrEqual(40);
    expect((await listDatastores(server.url, id, secret)).datastoreSummaries?.map((d) => d.datastoreName)).toContain('default');
    expect(fs.statSync(path.join(dataDir, 'auth', 'access-keys.json')).mode & 0o777).toBe(0o600);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.stderr()).not.toContain(secret);

    server = await startServer(env);
    expect(server.stdout()).not.toContain('TRIAGE_SECRET_ACCESS_KEY=');
    expect((await listDatastores(server.url, id, secret)).datastoreSummaries?.length).toBeGreaterThan(0);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.stderr()).not.toContain(secret);
    server = undefined;
  }, 120_000);

  it('takes a configured pair from TRIAGE_ACCESS_KEY_ID / TRIAGE_SECRET_ACCESS_KEY and prints no key', async () => {
    const key = { id: 'AKIACONFIGURED000042', secret: 'configured-secret-for-the-test-0123' };
    server = await startServer({
      TRIAGE_DATA_DIR: dataDir,
      TRIAGE_SAMPLES: '0',
      TRIAGE_ACCESS_KEY_ID: key.id,
      TRIAGE_SECRET_ACCESS_KEY: key.secret,
    });
    expect(server.stdout()).not.toContain('TRIAGE_SECRET_ACCESS_KEY=');
    expect((await listDatastores(server.url, key.id, key.secret)).datastoreSummaries?.length).toBeGreaterThan(0);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.stderr()).not.toContain(key.secret);
    server = undefined;
  }, 120_000);
});

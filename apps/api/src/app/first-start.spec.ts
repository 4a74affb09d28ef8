import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startServer } from '../test-support/server-process';
import type { ServerProcess } from '../test-support/server-process';

describe('main: first start', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-first-'));
  });
  afterAll(() => {
    server?.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints a generated admin token once, to stdout only; it keeps working after a restart; SIGTERM exits cleanly', async () => {
    const env = { TRIAGE_DATA_DIR: dataDir, TRIAGE_SAMPLES: '0', TRIAGE_LOG_LEVEL: 'info', TRIAGE_ADMIN_TOKEN: '' };
    server = await startServer(env);
    const token = /admin token \(shown once, store it now\): (\S+)/.exec(server.stdout())?.[1] ?? '';
    expect(token.length).toBeGreaterThanOrEqual(43);
    const metrics = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(metrics.status).toBe(200);
    expect(fs.readFileSync(path.join(dataDir, 'auth', 'tokens.json'), 'utf8')).not.toContain(token);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    // The log (stderr) has the requests but never the token.
    expect(server.stderr()).toContain('"msg":"shutting down"');
    expect(server.stderr()).not.toContain(token);

    server = await startServer(env);
    expect(server.stdout()).not.toContain('admin token');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
    server = undefined;
  });
});

import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runServerToExit, startServer } from '../test-support/server-process';

/** A socket listening on a loopback port the OS picked, so that the server finds that port taken. */
async function occupyPort(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('main: a start that fails says why in one line and shows no credential', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-start-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  // A first start with nothing configured: it would generate an admin token and an access key.
  const firstStart = () => ({ TRIAGE_DATA_DIR: dataDir, TRIAGE_SAMPLES: '0', TRIAGE_ADMIN_TOKEN: '' });

  it('exits 1 naming the DICOM port in use, prints nothing on stdout, and a later start still shows the token once', async () => {
    const taken = await occupyPort();
    try {
      const run = await runServerToExit({ ...firstStart(), TRIAGE_DICOM_PORT: String(taken.port) });
      expect(run).toEqual({
        code: 1,
        signal: null,
        stdout: '',
        stderr: `triage api: cannot start: the DICOM port 127.0.0.1:${taken.port} is in use (TRIAGE_DICOM_PORT)\n`,
      });
    } finally {
      await taken.close();
    }
    // Nothing was generated behind the failed start's back: this one shows the token.
    const server = await startServer(firstStart());
    try {
      expect(server.stdout()).toMatch(/admin token \(shown once, store it now\): \S{43,}/);
      expect(server.stdout()).toMatch(/^triage api listening on http:\/\/127\.0\.0\.1:\d+\ntriage dicom listening on 127\.0\.0\.1:\d+ /);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
  });

  it('exits 1 naming the HTTP port in use', async () => {
    const taken = await occupyPort();
    try {
      const run = await runServerToExit({ ...firstStart(), TRIAGE_PORT: String(taken.port) });
      expect(run).toEqual({
        code: 1,
        signal: null,
        stdout: '',
        stderr: `triage api: cannot start: the HTTP port 127.0.0.1:${taken.port} is in use (TRIAGE_PORT)\n`,
      });
    } finally {
      await taken.close();
    }
  });

  it('exits 2 on a bad setting, naming it', async () => {
    const run = await runServerToExit({ ...firstStart(), TRIAGE_HTTP_BODY_IDLE_TIMEOUT_MS: 'soon' });
    expect(run).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr: 'triage api: cannot start: TRIAGE_HTTP_BODY_IDLE_TIMEOUT_MS: "soon" is not a whole number\n',
    });
  });

  it('refuses to start on an audit log cut short of the head the API anchored, naming both ends', async () => {
    const server = await startServer(firstStart());
    // Refusals are audited: three records.
    for (let n = 0; n < 3; n++) expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const log = path.join(dataDir, 'audit', 'audit.log');
    const lines = fs.readFileSync(log, 'utf8').trimEnd().split('\n');
    fs.writeFileSync(log, lines.slice(0, -1).join('\n') + '\n');

    const run = await runServerToExit(firstStart());
    expect(run).toMatchObject({ code: 1, signal: null, stdout: '' });
    expect(run.stderr).toBe(
      `triage api: cannot start: audit log ${log}: the log ends at record ${lines.length - 1} but the anchor says ${lines.length} (records cut off the end); run "triage audit verify"\n`,
    );
  });

  it('exits 1 when the data directory cannot be used', async () => {
    const file = path.join(dataDir, 'not-a-folder');
    fs.writeFileSync(file, 'x');
    const run = await runServerToExit({ ...firstStart(), TRIAGE_DATA_DIR: file });
    expect(run).toMatchObject({ code: 1, signal: null, stdout: '' });
    expect(run.stderr).toMatch(
      new RegExp(`^triage api: cannot start: the data directory ${file} cannot be used: ENOTDIR on .*\\(TRIAGE_DATA_DIR\\)\\n$`),
    );
  });
});

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFakeDicomweb } from '../test-support/fake-dicomweb';
import { root, runCli } from '../test-support/run-cli';

/**
 * A stand-in API: listens on TRIAGE_HOST:TRIAGE_PORT (0: a port the OS picks), prints the listening
 * line with the port it got, answers every request with 200, exits 0 on SIGTERM.
 */
const FAKE_API = `
const http = require('node:http');
// The handler goes in before the line: a signal between the two would find the default action.
process.on('SIGTERM', () => { process.stdout.write('api got SIGTERM\\n'); process.exit(0); });
if (process.env.FAKE_EXIT) process.exit(Number(process.env.FAKE_EXIT));
const server = http.createServer((_req, res) => res.end('fake api'));
server.listen(Number(process.env.TRIAGE_PORT), process.env.TRIAGE_HOST, () => {
  process.stdout.write('triage api listening on http://' + process.env.TRIAGE_HOST + ':' + server.address().port + ' data=' + process.env.TRIAGE_DATA_DIR + '\\n');
});
`;

describe('triage up', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-up-'));
  const entry = path.join(tmp, 'fake-api.js');
  fs.writeFileSync(entry, FAKE_API);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('starts the API with the options as environment (--port 0: the port the API reports), forwards SIGTERM, and exits with its code', async () => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@triage/source',
        '--import',
        'tsx',
        path.join(root, 'apps/cli/src/main.ts'),
        'up',
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--data-dir',
        tmp,
      ],
      {
        cwd: root,
        env: { ...process.env, TRIAGE_API_ENTRY: entry },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+) /.exec(stdout);
        if (match) resolve(match[1]);
      });
      child.on('exit', () => reject(new Error(`up exited before the API listened: ${stderr}`)));
    });
    expect(stdout).toBe(`triage api listening on ${url} data=${tmp}\n`);
    expect(Number(new URL(url).port)).toBeGreaterThan(0);
    // The port printed is the one it listens on.
    expect(await (await fetch(url)).text()).toBe('fake api');
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stdout).toContain('api got SIGTERM\n');
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it("exits with the API's own exit code when it stops by itself", async () => {
    const out = await runCli(['up'], { TRIAGE_API_ENTRY: entry, FAKE_EXIT: '7' });
    expect(out.code).toBe(7);
    expect(out.stderr).toBe('');
  });

  it("reports the real API's failed start (its DICOM port taken) in its one line, with its exit code and no token", async () => {
    const taken = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => taken.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const dataDir = fs.mkdtempSync(path.join(tmp, 'data-'));
    try {
      const out = await runCli(['up', '--port', '0', '--data-dir', dataDir], {
        TRIAGE_API_ENTRY: path.join(root, 'apps/api/src/main.ts'),
        TRIAGE_DICOM_PORT: String(port),
        TRIAGE_SAMPLES: '0',
        TRIAGE_LOG_LEVEL: 'warn',
      });
      expect(out).toEqual({
        code: 1,
        signal: null,
        stdout: '',
        stderr: `triage api: cannot start: the DICOM port 127.0.0.1:${port} is in use (TRIAGE_DICOM_PORT)\n`,
      });
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('refuses a bad port before starting anything', async () => {
    const out = await runCli(['up', '--port', 'http'], { TRIAGE_API_ENTRY: entry });
    expect(out).toMatchObject({ code: 2, stdout: '', stderr: "triage: --port: 'http' is not a positive integer\n" });
  });
});

describe('the other commands find the API by the settings the server reads', () => {
  const token = 'up-spec-token-0123456789';

  it('without --url or TRIAGE_URL, talk to TRIAGE_HOST:TRIAGE_PORT', async () => {
    const fake = await startFakeDicomweb({ token });
    try {
      const port = new URL(fake.url).port;
      const out = await runCli(['search', '--json'], { TRIAGE_HOST: '127.0.0.1', TRIAGE_PORT: port, TRIAGE_TOKEN: token });
      expect(out).toMatchObject({ code: 0, stdout: '[]\n' });
      expect(fake.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual(['GET /dicomweb/studies']);
      // TRIAGE_URL, when set, wins over the server's settings.
      const viaUrl = await runCli(['search', '--json'], { TRIAGE_URL: fake.url, TRIAGE_PORT: '1', TRIAGE_TOKEN: token });
      expect(viaUrl).toMatchObject({ code: 0, stdout: '[]\n' });
    } finally {
      await fake.close();
    }
  });

  it.each([
    [{ TRIAGE_PORT: '0' }, 'triage: TRIAGE_PORT is 0 (the API picks a free port and prints it): pass --url or set TRIAGE_URL\n'],
    [{ TRIAGE_PORT: 'eighty' }, `triage: TRIAGE_PORT: "eighty" is not a whole number (the API's address comes from it; or pass --url)\n`],
  ])('say why they cannot derive the URL from %j (exit 2)', async (env, stderr) => {
    expect(await runCli(['search'], env)).toMatchObject({ code: 2, stdout: '', stderr });
  });
});

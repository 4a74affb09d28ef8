import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { root, runCli } from '../test-support/run-cli';

/** A stand-in API: prints the listening line with the port it was given, exits 0 on SIGTERM. */
const FAKE_API = `
// The handler goes in before the line: a signal between the two would find the default action.
process.on('SIGTERM', () => { process.stdout.write('api got SIGTERM\\n'); process.exit(0); });
process.stdout.write('triage api listening on http://' + process.env.TRIAGE_HOST + ':' + process.env.TRIAGE_PORT + ' data=' + process.env.TRIAGE_DATA_DIR + '\\n');
if (process.env.FAKE_EXIT) process.exit(Number(process.env.FAKE_EXIT));
setInterval(() => undefined, 1000);
`;

describe('triage up', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-up-'));
  const entry = path.join(tmp, 'fake-api.js');
  fs.writeFileSync(entry, FAKE_API);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('starts the API with the options as environment, forwards SIGTERM, and exits with its code', async () => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@triage/source',
        '--import',
        'tsx',
        path.join(root, 'apps/cli/src/main.ts'),
        'up',
        '--port',
        '18123',
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
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('listening')) resolve();
      });
      child.on('exit', () => reject(new Error(`up exited before the API listened: ${stderr}`)));
    });
    expect(stdout).toBe(`triage api listening on http://127.0.0.1:18123 data=${tmp}\n`);
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

  it('refuses a bad port before starting anything', async () => {
    const out = await runCli(['up', '--port', 'http'], { TRIAGE_API_ENTRY: entry });
    expect(out).toMatchObject({ code: 2, stdout: '', stderr: "triage: --port: 'http' is not a positive integer\n" });
  });
});

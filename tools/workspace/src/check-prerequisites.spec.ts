import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const script = path.resolve(__dirname, '../scripts/check-prerequisites.mjs');

/** Runs the check as `npm test` does, searching only `dirs` for the Debian tools. */
function check(dirs: string[]): { status: number | null; stderr: string } {
  const env = { ...process.env, TRIAGE_PREREQUISITE_DIRS: dirs.join(path.delimiter) };
  const run = spawnSync(process.execPath, [script], { env, encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr };
}

/** A folder holding empty stand-ins for the named tools. */
function folderWith(files: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prereq-'));
  for (const f of files) fs.writeFileSync(path.join(dir, f), '', { mode: 0o755 });
  return dir;
}

describe('check-prerequisites (the first step of npm test)', () => {
  it('passes silently when every tool is there', () => {
    expect(check([folderWith(['storescu', 'echoscu', 'dcmdump', 'Orthanc', 'libOrthancDicomWeb.so', 'chromium'])])).toEqual({
      status: 0,
      stderr: '',
    });
  });

  it('names every missing package and the command that installs them, in one line', () => {
    const { status, stderr } = check([folderWith(['Orthanc'])]);
    expect(status).toBe(1);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain('dcmtk (storescu, echoscu, dcmdump not found;');
    expect(stderr).toContain('orthanc-dicomweb (libOrthancDicomWeb.so not found;');
    expect(stderr).toContain('chromium (chromium not found;');
    expect(stderr).not.toContain('orthanc (Orthanc not found');
    expect(stderr).toMatch(/apt-get install -y --no-install-recommends dcmtk orthanc-dicomweb chromium\n$/);
  });

  it('names a tool that is there but not executable as missing', () => {
    const dir = folderWith(['echoscu', 'dcmdump', 'Orthanc', 'libOrthancDicomWeb.so', 'chromium']);
    fs.writeFileSync(path.join(dir, 'storescu'), '', { mode: 0o644 });
    const { status, stderr } = check([dir]);
    expect(status).toBe(1);
    expect(stderr).toContain('dcmtk (storescu not found;');
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** dcmtk's dump of a file's bytes; throws with dcmdump's stderr when it cannot parse them (CI installs dcmtk with apt). */
export function dcmdump(bytes: Uint8Array): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sample-data-'));
  try {
    const file = path.join(dir, 'file.dcm');
    writeFileSync(file, bytes);
    return execFileSync('dcmdump', ['-E', '+L', file], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

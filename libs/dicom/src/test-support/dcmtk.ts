import { execFileSync } from 'node:child_process';

/** Runs a dcmtk tool and returns stdout; throws with stderr when it fails (CI installs dcmtk with apt). */
export function dcmtk(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
}

import { spawn } from 'node:child_process';
import { WORKSPACE_ROOT } from '../../test-support/server-process';

/**
 * Runs `triage sample verified` (the CLI, from its sources, as a process of its own) against the API: it stores
 * synthetic radiographs through STOW-RS and verifies each label as a clinician would. Resolves with its stdout.
 */
export function storeVerifiedSamples(url: string, token: string, options: { count: number; size: number; seed: string }): Promise<string> {
  const args = ['sample', 'verified', '--count', String(options.count), '--size', String(options.size), '--seed', options.seed];
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@triage/source', '--import', 'tsx', 'apps/cli/src/main.ts', ...args, '--url', url, '--token', token],
      { cwd: WORKSPACE_ROOT, env: { ...process.env, TRIAGE_TOKEN: '', TRIAGE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`triage ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

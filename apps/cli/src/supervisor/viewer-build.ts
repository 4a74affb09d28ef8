import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from '../support/cli-error';

/** What {@link ensureViewerBuilt} did. */
export type ViewerBuild = 'built' | 'fresh' | 'skipped';

/**
 * Builds the viewer (apps/viewer/build.mjs → apps/viewer/dist) before `triage up` starts the API,
 * when its index.html is missing or older than any file under apps/viewer/src. Skipped when
 * TRIAGE_VIEWER_DIR names a viewer of one's own, when TRIAGE_API_ENTRY names an API of one's own,
 * or when the workspace has no viewer sources (an installed bundle ships its viewer). The build's
 * output goes to stderr; a failed build fails `up` with its exit status.
 */
export function ensureViewerBuilt(root: string, env: NodeJS.ProcessEnv = process.env): ViewerBuild {
  if (env['TRIAGE_VIEWER_DIR'] || env['TRIAGE_API_ENTRY']) return 'skipped';
  const script = path.join(root, 'apps/viewer/build.mjs');
  const sources = path.join(root, 'apps/viewer/src');
  if (!fs.existsSync(script) || !fs.existsSync(sources)) return 'skipped';
  const index = path.join(root, 'apps/viewer/dist/index.html');
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newestMtime(sources)) return 'fresh';
  process.stderr.write('triage up: building the viewer (apps/viewer/build.mjs)\n');
  const result = spawnSync(process.execPath, [script], { cwd: path.dirname(script), stdio: ['ignore', 'inherit', 'inherit'], env });
  if (result.error) throw new CliError(`the viewer build could not start: ${result.error.message}`);
  if (result.status !== 0)
    throw new CliError(`the viewer build failed (exit ${result.status ?? result.signal}); run: npx nx run viewer:build`);
  return 'built';
}

/** The newest modification time of any file under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The codec worker script for a CodecPool. From sources (tsx, jest) the pool finds its own
 * TypeScript worker, so undefined. From the esbuild bundle (apps/api/dist/main.js) the pool's
 * default, a codec-worker.js beside the running file, does not exist: use the codec library's
 * compiled worker (its build is a dependency of this app's build), found the way Node finds
 * packages, through the node_modules folders above.
 */
export function codecWorkerPath(): string | undefined {
  if (!__filename.endsWith('.js')) return undefined;
  const beside = path.join(__dirname, 'codec-worker.js');
  if (fs.existsSync(beside)) return beside;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '@triage', 'codec', 'dist', 'pool', 'codec-worker.js');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

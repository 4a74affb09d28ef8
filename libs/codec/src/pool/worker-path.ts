import * as path from 'node:path';
import { Worker, WorkerOptions } from 'node:worker_threads';

/**
 * Starts a codec worker: the given script, else the compiled codec-worker.js beside this file,
 * else (running from TypeScript sources under jest or tsx) the .ts worker through tsx, with the
 * `@triage/source` condition so workspace packages resolve to their sources there too.
 */
export function startCodecWorker(workerPath?: string, options: WorkerOptions = {}): Worker {
  if (workerPath) return new Worker(workerPath, options);
  if (__filename.endsWith('.js')) return new Worker(path.join(__dirname, 'codec-worker.js'), options);
  const source = path.join(__dirname, 'codec-worker.ts');
  const code = `require('tsx/cjs/api').register(); require(${JSON.stringify(source)});`;
  return new Worker(code, { ...options, eval: true, execArgv: [...(options.execArgv ?? []), '--conditions=@triage/source'] });
}

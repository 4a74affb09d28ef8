import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const WORKER = 'scoring-worker';

/**
 * Starts a scoring worker: the given script; else the compiled scoring-worker.js beside this file
 * (the lib's dist); else, bundled into an app where this file is the app's bundle, the lib's
 * compiled worker found the way Node finds packages (node_modules/@triage/inference/dist above);
 * else, running from TypeScript sources under jest or tsx, the .ts worker through tsx with the
 * `@triage/source` condition so workspace packages resolve to their sources there too.
 */
export function startScoringWorker(workerPath: string | undefined, options: WorkerOptions): Worker {
  const script = workerPath ?? compiledWorker();
  if (script) return new Worker(script, options);
  const source = path.join(__dirname, `${WORKER}.ts`);
  const code = `require('tsx/cjs/api').register(); require(${JSON.stringify(source)});`;
  return new Worker(code, { ...options, eval: true, execArgv: [...(options.execArgv ?? []), '--conditions=@triage/source'] });
}

function compiledWorker(): string | undefined {
  if (!__filename.endsWith('.js')) return undefined;
  const beside = path.join(__dirname, `${WORKER}.js`);
  if (fs.existsSync(beside)) return beside;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '@triage', 'inference', 'dist', 'scoring', `${WORKER}.js`);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`no ${WORKER}.js beside ${__filename} nor in a node_modules/@triage/inference above it`);
  }
}

import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { tf } from '../tf';
import { BackendUnavailableError } from './backend-choice';
import { selectBackend } from './select-backend';

const NODE_SKIPPED = [
  { name: '@tensorflow/tfjs-node-gpu', reason: 'not installed' },
  { name: '@tensorflow/tfjs-node', reason: 'not installed' },
];

/** What selectBackend answers here (tfjs-node and tfjs-node-gpu cannot install on this machine), by TRIAGE_TF_BACKEND. */
const CHOICES: [string | undefined, object][] = [
  [
    undefined,
    { backend: 'wasm', package: '@tensorflow/tfjs-backend-wasm', detail: 'single-threaded, SIMD', skipped: NODE_SKIPPED, forced: false },
  ],
  [
    '',
    { backend: 'wasm', package: '@tensorflow/tfjs-backend-wasm', detail: 'single-threaded, SIMD', skipped: NODE_SKIPPED, forced: false },
  ],
  ['wasm', { backend: 'wasm', package: '@tensorflow/tfjs-backend-wasm', detail: 'single-threaded, SIMD', skipped: [], forced: true }],
  ['cpu', { backend: 'cpu', package: '@tensorflow/tfjs-backend-cpu', detail: 'plain JavaScript', skipped: [], forced: true }],
];

describe('selectBackend', () => {
  it.each(CHOICES)('TRIAGE_TF_BACKEND=%p: the backend chosen, logged in one line', async (value, expected) => {
    const lines: string[] = [];
    const choice = await selectBackend({ env: { TRIAGE_TF_BACKEND: value }, log: (line) => lines.push(line) });
    expect(choice).toEqual(expected);
    expect(tf.getBackend()).toBe(choice.backend);
    expect(lines).toHaveLength(1);
  });

  it('logs the backend and why the earlier ones were skipped, in one line', async () => {
    const lines: string[] = [];
    await selectBackend({ env: {}, log: (line) => lines.push(line) });
    expect(lines).toEqual([
      'tfjs backend: wasm from @tensorflow/tfjs-backend-wasm, single-threaded, SIMD (first that runs); ' +
        'skipped @tensorflow/tfjs-node-gpu (not installed), @tensorflow/tfjs-node (not installed)',
    ]);
  });

  it('fails clearly when the forced backend cannot run, or the name is unknown', async () => {
    const forced = await selectBackend({ env: { TRIAGE_TF_BACKEND: 'tensorflow' }, log: () => undefined }).catch((e: unknown) => e);
    expect(forced).toBeInstanceOf(BackendUnavailableError);
    expect((forced as Error).message).toBe(
      "TensorFlow.js backend 'tensorflow' was asked for but cannot run: @tensorflow/tfjs-node-gpu: not installed; @tensorflow/tfjs-node: not installed",
    );
    await expect(selectBackend({ env: { TRIAGE_TF_BACKEND: 'gpu' }, log: () => undefined })).rejects.toThrow(
      'TRIAGE_TF_BACKEND=gpu is not one of tensorflow, wasm, cpu',
    );
  });

  it.each([
    ['wasm', undefined],
    ['cpu', 'cpu'],
  ])('runs in a worker thread (%s) and trains a conv there', async (backend, env) => {
    const source = path.join(__dirname, 'test-support', 'select-backend-worker.ts');
    const code = `require('tsx/cjs/api').register(); require(${JSON.stringify(source)});`;
    const worker = new Worker(code, { eval: true, execArgv: ['--conditions=@triage/source'], workerData: { TRIAGE_TF_BACKEND: env } });
    const message = await new Promise<Record<string, unknown>>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    // 3x3/2 'same' on 6x6 pads one row and column at the end: per axis the taps see 3, 3 and 2 of the 3 outputs,
    // so (3+3+2)^2 = 64 per channel pair, times 2 x 4 pairs.
    expect({ backend: message.backend, gradientSum: message.gradientSum, error: message.error }).toEqual({
      backend,
      gradientSum: 512,
      error: undefined,
    });
  });
});

import type * as WasmBackend from '@tensorflow/tfjs-backend-wasm';
import { tf } from '../tf';
import {
  BACKEND_ENV,
  BACKEND_NAMES,
  BackendUnavailableError,
  type BackendChoice,
  type BackendName,
  type SkippedBackend,
} from './backend-choice';
import { wasmBinariesFolder } from './wasm-paths';
import { registerWasmGradientKernels } from './wasm-kernels/register-wasm-gradient-kernels';

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** Forces one backend; default: TRIAGE_TF_BACKEND from `env`, else the first that runs. */
  backend?: BackendName;
  /** Where TRIAGE_TF_BACKEND is read; default process.env. */
  env?: Record<string, string | undefined>;
  /** Receives one line naming the backend and why earlier ones were skipped; default stderr. */
  log?: (line: string) => void;
}

interface Candidate {
  backend: BackendName;
  package: string;
  /** Resolves when the backend is active; throws with the reason otherwise. */
  activate(): Promise<string>;
}

const CANDIDATES: Candidate[] = [
  { backend: 'tensorflow', package: '@tensorflow/tfjs-node-gpu', activate: () => activateNode('@tensorflow/tfjs-node-gpu') },
  { backend: 'tensorflow', package: '@tensorflow/tfjs-node', activate: () => activateNode('@tensorflow/tfjs-node') },
  { backend: 'wasm', package: '@tensorflow/tfjs-backend-wasm', activate: activateWasm },
  { backend: 'cpu', package: '@tensorflow/tfjs-backend-cpu', activate: activateCpu },
];

/**
 * Picks the TensorFlow.js backend the model runs on: tfjs-node-gpu, then tfjs-node, then wasm (its
 * binaries read from disk, with the missing gradient kernels registered), then cpu; or the one
 * TRIAGE_TF_BACKEND forces, failing when that one cannot run. Works in worker threads too.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendChoice> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const forced = options.backend ?? parseBackendName((options.env ?? process.env)[BACKEND_ENV]);
  const skipped: SkippedBackend[] = [];
  for (const candidate of CANDIDATES) {
    if (forced && candidate.backend !== forced) continue;
    try {
      const detail = await candidate.activate();
      const choice: BackendChoice = {
        backend: candidate.backend,
        package: candidate.package,
        detail,
        skipped,
        forced: forced !== undefined,
      };
      log(describeChoice(choice));
      return choice;
    } catch (error) {
      skipped.push({ name: candidate.package, reason: reasonOf(error) });
    }
  }
  if (forced) throw new BackendUnavailableError(forced, skipped);
  throw new Error(`no TensorFlow.js backend could run: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

/** The one log line of a choice, e.g. `tfjs backend: wasm (...) [skipped: @tensorflow/tfjs-node: not installed]`. */
export function describeChoice(choice: BackendChoice): string {
  const how = choice.forced ? `forced by ${BACKEND_ENV}` : 'first that runs';
  const skipped = choice.skipped.length ? `; skipped ${choice.skipped.map((s) => `${s.name} (${s.reason})`).join(', ')}` : '';
  return `tfjs backend: ${choice.backend} from ${choice.package}, ${choice.detail} (${how})${skipped}`;
}

function parseBackendName(value: string | undefined): BackendName | undefined {
  if (value === undefined || value === '') return undefined;
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new Error(`${BACKEND_ENV}=${value} is not one of ${BACKEND_NAMES.join(', ')}`);
}

async function activateNode(packageName: string): Promise<string> {
  try {
    // Optional packages resolved by name at run time: they cannot install everywhere (libtensorflow download).
    require(packageName);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'MODULE_NOT_FOUND' ? 'not installed' : `cannot load: ${reasonOf(error)}`);
  }
  await activate('tensorflow');
  return packageName.endsWith('-gpu') ? 'libtensorflow with CUDA' : 'libtensorflow on the CPU';
}

async function activateWasm(): Promise<string> {
  // Loaded only when tried: importing it registers wasm as the highest-priority backend, and code that
  // touched tf before selecting one would then fail ("wasm has not yet been initialized") instead of using cpu.
  const { setWasmPaths } = require('@tensorflow/tfjs-backend-wasm') as typeof WasmBackend;
  setWasmPaths(wasmBinariesFolder());
  registerWasmGradientKernels();
  await activate('wasm');
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
  const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
  return `${threads ? 'multi-threaded' : 'single-threaded'}, ${simd ? 'SIMD' : 'no SIMD'}`;
}

async function activateCpu(): Promise<string> {
  await activate('cpu');
  // The cpu backend's first write prints a banner urging tfjs-node; the line logged here already says why it is not used.
  const cpu = tf.engine().findBackend('cpu') as unknown as { firstUse?: boolean };
  cpu.firstUse = false;
  return 'plain JavaScript';
}

async function activate(name: string): Promise<void> {
  if (tf.getBackend() === name) return;
  // setBackend answers false (and warns) when the backend fails to initialise, rather than throwing.
  if (!(await tf.setBackend(name))) throw new Error(`the '${name}' backend failed to initialise`);
  await tf.ready();
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/** The backends the model can run on, in the order {@link selectBackend} tries them ('tensorflow' is tfjs-node-gpu or tfjs-node). */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;

/** A TensorFlow.js backend the model runs on. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** The environment variable that forces one backend (`tensorflow`, `wasm` or `cpu`). */
export const BACKEND_ENV = 'TRIAGE_TF_BACKEND';

/** A backend that was tried and not used, and why. */
export interface SkippedBackend {
  /** The package tried, e.g. `@tensorflow/tfjs-node-gpu`. */
  name: string;
  reason: string;
}

/** What {@link selectBackend} chose. */
export interface BackendChoice {
  backend: BackendName;
  /** The package that provides it. */
  package: string;
  /** How it runs, e.g. `single-threaded, SIMD` for wasm. */
  detail: string;
  /** Why the candidates before it were not used, in the order tried. */
  skipped: SkippedBackend[];
  /** Whether TRIAGE_TF_BACKEND (or the `backend` option) forced it. */
  forced: boolean;
}

/** Thrown when the forced backend cannot run. */
export class BackendUnavailableError extends Error {
  constructor(
    readonly backend: BackendName,
    readonly skipped: SkippedBackend[],
  ) {
    super(`TensorFlow.js backend '${backend}' was asked for but cannot run: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
    this.name = 'BackendUnavailableError';
  }
}

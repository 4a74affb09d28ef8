import { openBackend } from '@triage/backend';
import { loadMlopsConfig } from '@triage/mlops';
import { loopDeps, type LoopDeps, type LoopDepsOverrides } from './loop-deps';

let deps: LoopDeps | undefined;

/**
 * The composition root of the functions: TRIAGE_BACKEND (local or aws) picks every implementation, the mlops config
 * comes from TRIAGE_MLOPS_CONFIG (or <data>/mlops.json locally), and the backend fixes the names it deploys under.
 * Built on the first invocation (not at import: a bad setting fails the invocation, visibly). One bundle holds one
 * function, so the first caller's overrides are the only ones.
 */
export function processDeps(overrides: LoopDepsOverrides = {}): LoopDeps {
  if (deps) return deps;
  const backend = openBackend({ env: process.env });
  const { config } = loadMlopsConfig({ env: process.env });
  return (deps = loopDeps(backend, backend.loopConfig(config), overrides));
}

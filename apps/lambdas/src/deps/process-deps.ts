import { localDeps, type LocalDepsOverrides, type LoopDeps } from './local-deps';

let deps: LoopDeps | undefined;

/**
 * The container's dependencies from its environment, built on the first invocation (not at import: a bad setting fails the
 * invocation, visibly). One bundle holds one function, so the first caller's overrides are the only ones.
 */
export function processDeps(overrides: LocalDepsOverrides = {}): LoopDeps {
  return (deps ??= localDeps(process.env, overrides));
}

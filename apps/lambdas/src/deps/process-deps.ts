import { localDeps, type LoopDeps } from './local-deps';

let deps: LoopDeps | undefined;

/** The container's dependencies from its environment, built on the first invocation (not at import: a bad setting fails the invocation, visibly). */
export function processDeps(): LoopDeps {
  return (deps ??= localDeps(process.env));
}

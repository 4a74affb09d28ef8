import type { ModelRegistry } from '../model-registry';

/** One implementation of the ModelRegistry port, over durable state that outlives it. */
export interface RegistryUnderTest {
  registry: ModelRegistry;
  /** Closes this registry and opens the same state again (a restart). */
  reopen(): Promise<RegistryUnderTest>;
  /** Closes everything and removes what it can of the state. */
  dispose(): Promise<void>;
}

/** How the suite opens an implementation: fresh state each time (on AWS: a fresh group name suffix keeps runs apart). */
export interface RegistryContractOptions {
  open(): Promise<RegistryUnderTest>;
  /** Appended to every group name the suite uses, so that runs against a shared account never meet; default none. */
  groupSuffix?: () => string;
}

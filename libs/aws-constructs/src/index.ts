export * from './environment/triage-environment';
export type { FoundationResources } from './foundation/foundation-resources';

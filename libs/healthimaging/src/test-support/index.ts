export { describeHealthImagingContract } from './health-imaging-contract';
export type { ContractFixture, ContractState } from './contract-types';
export { contractInstances, describeInstance } from './contract-data';
export type { SeedInstance } from './contract-data';

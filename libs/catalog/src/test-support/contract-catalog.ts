import type { CatalogContractOptions } from './catalog-under-test';
import { eventsContract } from './contract-events';
import { labelsContract } from './contract-labels';
import { trainingLabelsContract } from './contract-training-labels';
import { worklistContract } from './contract-worklist';

export type { CatalogContractOptions, CatalogUnderTest } from './catalog-under-test';

/**
 * The Catalog contract: every implementation that can run here runs it (LocalCatalog in its spec;
 * the DynamoDB one against DynamoDB Local when it comes).
 */
export function catalogContract(name: string, options: CatalogContractOptions): void {
  describe(`Catalog contract: ${name}`, () => {
    labelsContract(options);
    worklistContract(options);
    eventsContract(options);
    trainingLabelsContract(options);
  });
}

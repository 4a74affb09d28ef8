// SageMaker's Model Registry has no local counterpart, so this spec runs the registry contract
// suite on SageMakerModelRegistry with the real SDK client answered by aws-sdk-client-mock in front
// of a stateful fake that behaves as SageMaker does (src/test-support/sagemaker-registry-fake.ts):
// what is checked is the requests the registry sends and what it makes of SageMaker's answers.
// Promotion state is the in-memory PromotionStore (the DynamoDB one has its own spec where it lives).
import { registryContract, type RegistryUnderTest } from '../test-support/registry-contract';
import { sageMakerRegistryFake, type SageMakerRegistryFake } from '../test-support/sagemaker-registry-fake';
import { InMemoryPromotionStore } from './in-memory-promotion-store';
import type { PromotionStore } from './promotion-store';
import { SageMakerModelRegistry } from './sagemaker-model-registry';

function openOver(fake: SageMakerRegistryFake, promotions: PromotionStore): RegistryUnderTest {
  const registry = new SageMakerModelRegistry({ client: fake.client, promotions });
  return {
    registry,
    reopen: async () => {
      await registry.close();
      return openOver(fake, promotions);
    },
    dispose: async () => {
      await registry.close();
      fake.restore();
    },
  };
}

registryContract('SageMakerModelRegistry (aws-sdk-client-mock over a stateful SageMaker fake)', {
  open: async () => openOver(sageMakerRegistryFake(), new InMemoryPromotionStore()),
});

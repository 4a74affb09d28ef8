export * from './model-registry';
export { LocalModelRegistry, registryFile, type LocalModelRegistryOptions } from './local/local-model-registry';
export { APPROVAL_STATUSES } from './local/rules/check-input';
export { SageMakerModelRegistry, type SageMakerModelRegistryOptions } from './aws/sagemaker-model-registry';
export * from './aws/promotion-store';
export { InMemoryPromotionStore } from './aws/in-memory-promotion-store';
export { DynamoDbPromotionStore, promotionPartition, type DynamoDbPromotionStoreOptions } from './aws/dynamodb-promotion-store';

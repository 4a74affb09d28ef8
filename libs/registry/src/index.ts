export * from './model-registry';
export { LocalModelRegistry, registryFile, type LocalModelRegistryOptions } from './local/local-model-registry';
export { APPROVAL_STATUSES } from './local/rules/check-input';

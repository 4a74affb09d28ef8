export * from './catalog';
export * from './catalog-error';
export { checkFindings, checkFinding } from './findings/check-findings';
export { verificationOf, type VerificationOutcome } from './labels/verification-of';
export {
  checkWorklistQuery,
  DEFAULT_ORDER,
  DEFAULT_WORKLIST_LIMIT,
  MAX_WORKLIST_LIMIT,
  type CheckedWorklistQuery,
} from './worklist/check-worklist-query';
export { LocalCatalog, type LocalCatalogOptions } from './local/local-catalog';
export { studySummaryOf, type ProjectionStore } from './projection/study-summary-of';
export { studySummaryFromMetadata, summaryOf } from './projection/study-summary-from-metadata';
export { worklistProjector, type WorklistProjectorOptions } from './projection/worklist-projector';
export { DEFAULT_TRAINING_LABELS_LIMIT, MAX_TRAINING_LABELS_LIMIT } from './labels/training-labels-query';
export { DynamoDbCatalog, type DynamoDbCatalogOptions } from './aws/dynamodb-catalog';
export { catalogTableDefinition, CATALOG_TTL_ATTRIBUTE } from './aws/catalog-table';
export { eventOfOutboxItem, OUTBOX_TTL_SECONDS, type OutboxItem } from './aws/outbox-items';

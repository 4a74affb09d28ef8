import type { FoundationResources } from '../foundation/foundation-resources';

/** The names the app stacks pass on to the code (the ML stack's outputs, the bus). */
export interface TriageNames {
  eventBusName: string;
  pipelineName: string;
  pipelineRoleArn: string;
  modelPackageGroupName: string;
}

/** The AWS.md environment variables every function and the API task get: TRIAGE_BACKEND=aws and the names of what they use. */
export function triageVariables(foundation: FoundationResources, names: TriageNames): Record<string, string> {
  return {
    TRIAGE_BACKEND: 'aws',
    TRIAGE_ENV: foundation.environment.name,
    TRIAGE_EVENT_BUS_NAME: names.eventBusName,
    TRIAGE_CATALOG_TABLE: foundation.tables.catalog.tableName,
    TRIAGE_MLOPS_TABLE: foundation.tables.mlops.tableName,
    TRIAGE_METRICS_TABLE: foundation.tables.metrics.tableName,
    TRIAGE_DATASTORE_ID: foundation.datastore.id,
    TRIAGE_TRAINING_BUCKET: foundation.buckets.training.bucketName,
    TRIAGE_MODELS_BUCKET: foundation.buckets.models.bucketName,
    // The audit head's anchor lives in the logs bucket (Object Lock).
    TRIAGE_AUDIT_BUCKET: foundation.buckets.logs.bucketName,
    TRIAGE_PIPELINE_NAME: names.pipelineName,
    TRIAGE_PIPELINE_ROLE_ARN: names.pipelineRoleArn,
    TRIAGE_MODEL_PACKAGE_GROUP: names.modelPackageGroupName,
  };
}

/** The bus every environment's events go on (AWS.md). */
export function eventBusNameOf(environmentName: string): string {
  return `triage-${environmentName}`;
}

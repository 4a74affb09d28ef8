import { BackendConfigError } from '../backend-kind';

/** What the AWS implementations are pointed at: the names the CDK stacks give the functions and the API (docs/DEPLOYMENT.md). */
export interface AwsSettings {
  /** AWS_REGION (every Lambda and ECS task has it), else AWS_DEFAULT_REGION. */
  region: string;
  eventBusName: string;
  catalogTable: string;
  mlopsTable: string;
  metricsTable: string;
  datastoreId: string;
  trainingBucket: string;
  modelsBucket: string;
  /** The bucket with Object Lock that holds the audit log's anchored heads. */
  auditBucket: string;
  pipelineName: string;
  pipelineRoleArn: string;
  modelPackageGroup: string;
}

const REQUIRED: Record<Exclude<keyof AwsSettings, 'region'>, string> = {
  eventBusName: 'TRIAGE_EVENT_BUS_NAME',
  catalogTable: 'TRIAGE_CATALOG_TABLE',
  mlopsTable: 'TRIAGE_MLOPS_TABLE',
  metricsTable: 'TRIAGE_METRICS_TABLE',
  datastoreId: 'TRIAGE_DATASTORE_ID',
  trainingBucket: 'TRIAGE_TRAINING_BUCKET',
  modelsBucket: 'TRIAGE_MODELS_BUCKET',
  auditBucket: 'TRIAGE_AUDIT_BUCKET',
  pipelineName: 'TRIAGE_PIPELINE_NAME',
  pipelineRoleArn: 'TRIAGE_PIPELINE_ROLE_ARN',
  modelPackageGroup: 'TRIAGE_MODEL_PACKAGE_GROUP',
};

/** The AWS settings from the environment the stacks set; every missing variable is named in one error. */
export function awsSettings(env: NodeJS.ProcessEnv = process.env): AwsSettings {
  const region = env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
  const missing = [...(region ? [] : ['AWS_REGION']), ...Object.values(REQUIRED).filter((name) => !env[name])];
  if (missing.length > 0)
    throw new BackendConfigError(`TRIAGE_BACKEND=aws needs ${missing.join(', ')} (set by the CDK stacks and the runtime)`);
  const settings = Object.fromEntries(Object.entries(REQUIRED).map(([key, name]) => [key, env[name] as string])) as Omit<
    AwsSettings,
    'region'
  >;
  return { ...settings, region: region as string };
}

/** The variable each setting comes from (the CDK stacks set exactly these). */
export const AWS_SETTINGS_ENV = REQUIRED;

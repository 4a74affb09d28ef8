import * as os from 'node:os';
import * as path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DescribePipelineCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3ObjectStore } from '@triage/artifacts';
import { DynamoDbCatalog } from '@triage/catalog';
import type { DatastoreId } from '@triage/dicom';
import { EventBridgeEventBus } from '@triage/events';
import { AwsHealthImaging } from '@triage/healthimaging';
import { DynamoDbEvaluationStore, DynamoDbProcessedEvents, DynamoDbTriggerState } from '@triage/mlops';
import { DynamoDbModelMonitor } from '@triage/monitoring';
import { SageMakerPipelineRunner } from '@triage/pipeline';
import { documentClient, S3AuditAnchor } from '@triage/platform';
import { DynamoDbPromotionStore, SageMakerModelRegistry } from '@triage/registry';
import type { CatalogChange } from '@triage/catalog';
import type { Backend } from '../backend';
import { BackendConfigError } from '../backend-kind';
import { Opener } from '../opener';
import { awsSettings } from './aws-settings';

/** What only the AWS implementations take. */
export interface AwsBackendOptions {
  /** Configured findings (the catalog refuses others). */
  findings?: readonly string[];
  /** Where the audit anchor's heads are kept in the audit bucket (default `audit/api`: the API's one log, under the prefix its task may write). */
  auditPrefix?: string;
  /** Called after every committed catalog change made through this process (the API's live worklist updates). */
  onCatalogChanged?: (change: CatalogChange) => void;
  /** Told when a head could not be anchored (written behind: the next write tries again). */
  onAuditAnchorError?: (error: Error) => void;
}

/**
 * Every port on AWS's managed services, named by the environment the CDK stacks set (aws-settings.ts). One SDK client
 * per service, made on first use and shared by the parts that need it; credentials and region come from the runtime.
 */
export function awsBackend(env: NodeJS.ProcessEnv, options: AwsBackendOptions = {}): Backend {
  const settings = awsSettings(env);
  const region = settings.region;
  const opener = new Opener();
  const lazy = <T>(make: () => T): (() => T) => {
    let made: T | undefined;
    return () => (made ??= make());
  };
  const dynamo = lazy(() => documentClient(new DynamoDBClient({ region })));
  const s3 = lazy(() => new S3Client({ region }));
  const sagemaker = lazy(() => new SageMakerClient({ region }));
  const objects = lazy(() => new S3ObjectStore({ client: s3() }));

  const events = opener.once(
    async () => new EventBridgeEventBus({ client: new EventBridgeClient({ region }), eventBusName: settings.eventBusName }),
  );
  // SageMaker announces registrations and approval changes itself; promotions are ours, published on the bus.
  const registry = opener.once(
    async () =>
      new SageMakerModelRegistry({
        client: sagemaker(),
        promotions: new DynamoDbPromotionStore({ client: dynamo(), tableName: settings.mlopsTable }),
        events: await events(),
      }),
  );
  const tables = { client: dynamo(), tableName: settings.mlopsTable };

  return {
    kind: 'aws',
    eventDelivery: 'rules',
    events,
    catalog: opener.once(
      async () =>
        new DynamoDbCatalog({
          client: dynamo(),
          tableName: settings.catalogTable,
          findings: options.findings,
          onChanged: options.onCatalogChanged,
        }),
    ),
    registry,
    runner: opener.once(
      async () =>
        new SageMakerPipelineRunner({
          sagemaker: sagemaker(),
          logs: new CloudWatchLogsClient({ region }),
          roleArn: settings.pipelineRoleArn,
          pipelineName: settings.pipelineName,
          // The ml stack's CfnPipeline owns the pipeline: starting a run never rewrites it.
          definition: 'deployed',
        }),
    ),
    objects,
    loopState: opener.once(async () => ({
      trigger: new DynamoDbTriggerState(tables),
      processed: new DynamoDbProcessedEvents(tables),
      evaluations: new DynamoDbEvaluationStore(tables),
      close: () => undefined,
    })),
    monitor: opener.once(async () => new DynamoDbModelMonitor({ client: dynamo(), tableName: settings.metricsTable })),
    healthImaging: opener.once(async () => Object.assign(AwsHealthImaging.create({ region }), { close: () => undefined })),
    datastoreId: async () => settings.datastoreId as DatastoreId,
    auditAnchor: opener.once(async () =>
      S3AuditAnchor.open({
        client: s3(),
        bucket: settings.auditBucket,
        prefix: options.auditPrefix ?? 'audit/api',
        onWriteError: options.onAuditAnchorError,
      }),
    ),
    loopConfig: (config) => ({ ...config, pipelineName: settings.pipelineName, modelPackageGroup: settings.modelPackageGroup }),
    pipelineDefinition: async () => {
      const described = await sagemaker().send(new DescribePipelineCommand({ PipelineName: settings.pipelineName }));
      if (!described.PipelineDefinition)
        throw new BackendConfigError(`pipeline ${settings.pipelineName} has no definition: deploy the ml stack (docs/DEPLOYMENT.md)`);
      return described.PipelineDefinition;
    },
    scratchDir: () => path.join(os.tmpdir(), 'triage'),
    close: () => opener.close(),
  };
}

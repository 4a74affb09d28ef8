import { ArnFormat, Stack, aws_events as events, aws_iam as iam } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FoundationResources } from '../foundation/foundation-resources';
import { grantModelPackagesWrite, grantPipelineRun } from '../functions/sagemaker-grants';

/** The audit head's anchor objects in the logs bucket (Object Lock, governance retention). */
export const AUDIT_PREFIX = 'audit/';

/** The HealthImaging actions the API's DICOMweb and import routes call on its datastore. */
export const API_IMAGING_ACTIONS = [
  'medical-imaging:GetDatastore',
  'medical-imaging:SearchImageSets',
  'medical-imaging:GetImageSet',
  'medical-imaging:GetImageSetMetadata',
  'medical-imaging:GetImageFrame',
  'medical-imaging:ListImageSetVersions',
  'medical-imaging:UpdateImageSetMetadata',
  'medical-imaging:CopyImageSet',
  'medical-imaging:DeleteImageSet',
  'medical-imaging:StartDICOMImportJob',
  'medical-imaging:GetDICOMImportJob',
  'medical-imaging:ListDICOMImportJobs',
];

/** Names the API's grants need that the foundation does not hold. */
export interface ApiGrantNames {
  eventBusName: string;
  pipelineArn: string;
  pipelineRoleArn: string;
  modelPackageGroupName: string;
}

/**
 * What the API's task may do: the whole platform's routes run in it (DICOMweb, labels, the worklist, models, pipelines,
 * monitoring, audit), so it reads and writes the three tables, the import bucket (STOW staging), the training bucket
 * (dataset exports), the models bucket, its datastore's image sets; the registry's group, our pipeline's runs, the
 * pipeline jobs' logs (step logs); PutEvents on the bus; the audit anchors under `audit/` in the logs bucket.
 */
export function grantApiTask(role: iam.IRole, foundation: FoundationResources, names: ApiGrantNames, scope: Construct): void {
  const stack = Stack.of(scope);
  const { tables, buckets, datastore } = foundation;
  tables.catalog.grantReadWriteData(role);
  tables.mlops.grantReadWriteData(role);
  tables.metrics.grantReadWriteData(role);
  buckets.import.grantReadWrite(role);
  buckets.training.grantReadWrite(role);
  buckets.models.grantReadWrite(role);
  buckets.logs.grantReadWrite(role, `${AUDIT_PREFIX}*`);
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'AuditAnchorRetention',
      actions: ['s3:PutObjectRetention', 's3:GetObjectRetention'],
      resources: [buckets.logs.arnForObjects(`${AUDIT_PREFIX}*`)],
    }),
  );
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ sid: 'Imaging', actions: API_IMAGING_ACTIONS, resources: [datastore.arn, `${datastore.arn}/imageset/*`] }),
  );
  grantModelPackagesWrite(role, names.modelPackageGroupName, scope);
  grantPipelineRun(role, names.pipelineArn, names.pipelineRoleArn, { upsert: false });
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'PipelineStepLogs',
      actions: ['logs:GetLogEvents', 'logs:FilterLogEvents', 'logs:DescribeLogStreams'],
      resources: ['ProcessingJobs', 'TrainingJobs'].map((kind) =>
        stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: `/aws/sagemaker/${kind}:*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ),
    }),
  );
  events.EventBus.fromEventBusName(scope, 'TriageBus', names.eventBusName).grantPutEventsTo(role);
}

import { aws_events as events, aws_iam as iam, aws_kms as kms, aws_lambda as lambda, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deadLetterQueue } from '../events/dead-letter-queue';
import { PIPELINE_ARTIFACTS_PREFIX } from '../ml/ml-names';
import type { FoundationResources } from '../foundation/foundation-resources';
import { TRIAGE_FUNCTION_NAMES, type TriageFunctionName } from './function-names';
import { triageVariables } from './function-variables';
import { grantModelPackagesRead, grantModelPackagesWrite, grantPipelineRun } from './sagemaker-grants';
import { TriageFunction } from './triage-function';

/** What the ML stack gives the functions. */
export interface MlNames {
  pipelineName: string;
  pipelineArn: string;
  modelPackageGroupName: string;
  pipelineRoleArn: string;
}

/** Props of {@link TriageFunctions}. */
export interface TriageFunctionsProps {
  foundation: FoundationResources;
  ml: MlNames;
  bus: events.IEventBus;
  /** Encrypts the log groups and the DLQs (its policy lets CloudWatch Logs and EventBridge use it). */
  key: kms.IKey;
  repoRoot?: string;
}

/** HealthImaging reads of our datastore's image sets (image-ingestion decodes the frame it scores). */
export function grantImageSetRead(grantee: iam.IGrantable, datastoreArn: string): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['medical-imaging:GetImageSet', 'medical-imaging:GetImageSetMetadata', 'medical-imaging:GetImageFrame'],
      resources: [datastoreArn, `${datastoreArn}/imageset/*`],
    }),
  );
}

/**
 * The loop's four functions, each with its DLQ and exactly the grants its code needs:
 * - pipeline-trigger: trigger state (mlops table); start/list/describe runs of our pipeline (the ml stack's CfnPipeline
 *   owns its definition: runs are started, the pipeline never rewritten, so no UpdatePipeline and no PassRole);
 * - model-evaluation: evaluations and trigger state (mlops); describe runs and their steps; the evaluation reports
 *   (training bucket's `pipelines/`, read); the registry (group read/write: a run's version is approved or left pending by policy);
 * - model-registry: processed events and promotion history (mlops); the group (read/write); PutEvents (ModelApproved,
 *   ModelPromoted);
 * - image-ingestion: catalog (scores), metrics (monitor), processed events (mlops); the group (read); models bucket
 *   (drift reference: read) and the training bucket's `pipelines/` (model.tar.gz: read); HealthImaging frames of our datastore; PutEvents.
 */
export class TriageFunctions extends Construct {
  readonly functions: Record<TriageFunctionName, TriageFunction>;
  readonly deadLetterQueues: Record<TriageFunctionName, sqs.Queue>;

  constructor(scope: Construct, id: string, props: TriageFunctionsProps) {
    super(scope, id);
    const { foundation, ml } = props;
    const variables = triageVariables(foundation, { eventBusName: props.bus.eventBusName, ...ml });
    const make = (name: TriageFunctionName) => {
      const dlq = deadLetterQueue(this, `${pascal(name)}Dlq`, props.key);
      const fn = new TriageFunction(this, pascal(name), {
        name,
        environment: foundation.environment,
        vpc: foundation.vpc,
        logKey: props.key,
        deadLetterQueue: dlq,
        variables,
        repoRoot: props.repoRoot,
      });
      return [fn, dlq] as const;
    };
    const made = Object.fromEntries(TRIAGE_FUNCTION_NAMES.map((name) => [name, make(name)])) as Record<
      TriageFunctionName,
      readonly [TriageFunction, sqs.Queue]
    >;
    this.functions = Object.fromEntries(TRIAGE_FUNCTION_NAMES.map((n) => [n, made[n][0]])) as Record<TriageFunctionName, TriageFunction>;
    this.deadLetterQueues = Object.fromEntries(TRIAGE_FUNCTION_NAMES.map((n) => [n, made[n][1]])) as Record<TriageFunctionName, sqs.Queue>;

    const { mlops, catalog, metrics } = foundation.tables;
    const f = (name: TriageFunctionName): lambda.IFunction => this.functions[name].function;

    mlops.grantReadWriteData(f('pipeline-trigger'));
    grantPipelineRun(f('pipeline-trigger'), ml.pipelineArn, ml.pipelineRoleArn, { upsert: false });

    mlops.grantReadWriteData(f('model-evaluation'));
    grantPipelineRun(f('model-evaluation'), ml.pipelineArn, ml.pipelineRoleArn, { upsert: false });
    foundation.buckets.training.grantRead(f('model-evaluation'), `${PIPELINE_ARTIFACTS_PREFIX}/*`);
    grantModelPackagesWrite(f('model-evaluation'), ml.modelPackageGroupName, this);

    mlops.grantReadWriteData(f('model-registry'));
    grantModelPackagesWrite(f('model-registry'), ml.modelPackageGroupName, this);
    props.bus.grantPutEventsTo(f('model-registry'));

    mlops.grantReadWriteData(f('image-ingestion'));
    catalog.grantReadWriteData(f('image-ingestion'));
    metrics.grantReadWriteData(f('image-ingestion'));
    grantModelPackagesRead(f('image-ingestion'), ml.modelPackageGroupName, this);
    foundation.buckets.models.grantRead(f('image-ingestion'));
    // A version's ModelDataUrl is the Train step's model.tar.gz, under the pipeline's artifacts in the training bucket.
    foundation.buckets.training.grantRead(f('image-ingestion'), `${PIPELINE_ARTIFACTS_PREFIX}/*`);
    grantImageSetRead(f('image-ingestion'), foundation.datastore.arn);
    props.bus.grantPutEventsTo(f('image-ingestion'));
  }
}

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}

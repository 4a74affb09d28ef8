import { Stack } from 'aws-cdk-lib';
import type { Environment, aws_events as events, aws_lambda as lambda, aws_sqs as sqs } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FoundationResources, TriageEnvironment } from '@triage/aws-constructs';

/** What the events stack needs from the ML stack. */
export interface MlOutputs {
  pipelineName: string;
  pipelineArn: string;
  modelPackageGroupName: string;
  pipelineRoleArn: string;
}

/** The four Lambdas' names (apps/lambdas/src/<name>/handler.ts). */
export type TriageFunctionName = 'pipeline-trigger' | 'model-evaluation' | 'model-registry' | 'image-ingestion';

/** Props of the events stack: the foundation's resources and the ML stack's names. */
export interface EventsStackProps {
  env?: Environment;
  stackName: string;
  environment: TriageEnvironment;
  foundation: FoundationResources;
  ml: MlOutputs;
}

/** `triage-<env>-events`: the bus, its rules, the outbox pipe and the four Lambdas. */
export class EventsStack extends Stack {
  readonly functions!: Record<TriageFunctionName, lambda.IFunction>;
  readonly deadLetterQueues: sqs.IQueue[] = [];
  readonly bus!: events.IEventBus;

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, { env: props.env, stackName: props.stackName });
    // Placeholder until the events construct lands (H2).
  }
}

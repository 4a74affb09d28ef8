import { Stack } from 'aws-cdk-lib';
import type { Environment, aws_events as events, aws_lambda as lambda, aws_sqs as sqs } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  TriageEvents,
  type FoundationResources,
  type MlNames,
  type TriageEnvironment,
  type TriageFunctionName,
} from '@triage/aws-constructs';

export type { TriageFunctionName } from '@triage/aws-constructs';

/** What the events stack needs from the ML stack (an MlStack has these four fields). */
export type MlOutputs = MlNames;

/** Props of the events stack: the foundation's resources and the ML stack's names. */
export interface EventsStackProps {
  env?: Environment;
  stackName: string;
  environment: TriageEnvironment;
  foundation: FoundationResources;
  ml: MlOutputs;
}

/**
 * `triage-<env>-events`: the bus, its rules, the outbox pipe and the four Lambdas. Bundling the Lambdas (esbuild) happens
 * only for stacks CDK's `aws:cdk:bundling-stacks` context selects (`cdk synth -e`, or a test that sets it to `[]`).
 */
export class EventsStack extends Stack {
  readonly functions: Record<TriageFunctionName, lambda.IFunction>;
  readonly deadLetterQueues: sqs.IQueue[];
  readonly bus: events.IEventBus;

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, {
      env: props.env,
      stackName: props.stackName,
      description: `triage ${props.environment.name}: bus, rules, outbox pipe, loop functions`,
    });
    const loop = new TriageEvents(this, 'Loop', { foundation: props.foundation, ml: props.ml });
    this.functions = loop.functions;
    this.deadLetterQueues = loop.deadLetterQueues;
    this.bus = loop.bus;
  }
}

import { Duration, aws_events as events, aws_events_targets as targets, aws_lambda as lambda, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';
import type { TriageFunctionName } from '../functions/function-names';
import { triageEventPatterns, type PatternScope } from './event-patterns';

/** Props of {@link TriageEventRules}. */
export interface TriageEventRulesProps extends PatternScope {
  environment: TriageEnvironment;
  /** The custom bus (our events). AWS's own events arrive on the account's default bus. */
  bus: events.IEventBus;
  functions: Record<TriageFunctionName, lambda.IFunction>;
  /** Each function's DLQ: its rules' targets dead-letter there too. */
  deadLetterQueues: Record<TriageFunctionName, sqs.IQueue>;
  /** How often pipeline-trigger looks again without an event (default `rate(1 hour)`). */
  schedule?: events.Schedule;
}

/** EventBridge's own retries of a target before it dead-letters the event (throttles, a function that cannot be invoked). */
export const TARGET_RETRY = { retryAttempts: 8, maxEventAge: Duration.hours(2) };

/**
 * The loop's wiring (AWS.md): custom bus ImageVerified → pipeline-trigger and ModelPromoted → image-ingestion; default bus
 * HealthImaging's Image Set Created → image-ingestion, SageMaker's Model Package State Change → model-registry and
 * pipeline execution finished → model-evaluation; and the hourly schedule → pipeline-trigger. Every target retries, then
 * dead-letters to its function's queue.
 */
export class TriageEventRules extends Construct {
  readonly rules: Record<
    'imageVerified' | 'modelPromoted' | 'imageSetCreated' | 'modelPackageStateChange' | 'pipelineExecutionFinished' | 'schedule',
    events.Rule
  >;

  constructor(scope: Construct, id: string, props: TriageEventRulesProps) {
    super(scope, id);
    const env = props.environment.name;
    const patterns = triageEventPatterns(props);
    // AWS's own events: the rule names no bus, so it is on the account's default bus.
    const defaultBus = undefined;
    const target = (name: TriageFunctionName) =>
      new targets.LambdaFunction(props.functions[name], { deadLetterQueue: props.deadLetterQueues[name], ...TARGET_RETRY });
    const rule = (
      ruleId: string,
      description: string,
      bus: events.IEventBus | undefined,
      to: TriageFunctionName,
      eventPattern: events.EventPattern,
    ) =>
      new events.Rule(this, ruleId, {
        ruleName: `triage-${env}-${ruleId.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase())}`,
        description,
        eventBus: bus,
        eventPattern,
        targets: [target(to)],
      });
    this.rules = {
      imageVerified: rule(
        'ImageVerified',
        'A label was verified: count it towards a training run',
        props.bus,
        'pipeline-trigger',
        patterns.imageVerified,
      ),
      modelPromoted: rule(
        'ModelPromoted',
        'A new version serves: rescore the worklist',
        props.bus,
        'image-ingestion',
        patterns.modelPromoted,
      ),
      imageSetCreated: rule(
        'ImageSetCreated',
        'HealthImaging created an image set in our datastore: score it',
        defaultBus,
        'image-ingestion',
        patterns.imageSetCreated,
      ),
      modelPackageStateChange: rule(
        'ModelPackageStateChange',
        'A version of our model package group was registered or its approval changed',
        defaultBus,
        'model-registry',
        patterns.modelPackageStateChange,
      ),
      pipelineExecutionFinished: rule(
        'PipelineExecutionFinished',
        'Our training pipeline finished (Succeeded, Failed, Stopped): record its evaluation',
        defaultBus,
        'model-evaluation',
        patterns.pipelineExecutionFinished,
      ),
      schedule: new events.Rule(this, 'Schedule', {
        ruleName: `triage-${env}-pipeline-trigger-schedule`,
        description: 'Look again for enough verified labels (a missed event, a threshold changed)',
        schedule: props.schedule ?? events.Schedule.rate(Duration.hours(1)),
        targets: [target('pipeline-trigger')],
      }),
    };
  }
}

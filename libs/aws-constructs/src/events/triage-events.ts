import type { aws_events as events, aws_kms as kms, aws_lambda as lambda, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FoundationResources } from '../foundation/foundation-resources';
import type { TriageFunctionName } from '../functions/function-names';
import { TriageFunctions, type MlNames } from '../functions/triage-functions';
import { deadLetterQueue } from './dead-letter-queue';
import { OutboxPipe } from './outbox-pipe';
import { stackKey } from './stack-key';
import { TriageEventBus } from './triage-event-bus';
import { TriageEventRules } from './triage-event-rules';

/** Props of {@link TriageEvents}. */
export interface TriageEventsProps {
  foundation: FoundationResources;
  ml: MlNames;
  /** The monorepo root the Lambda entry points are bundled from (default: this checkout). */
  repoRoot?: string;
}

/**
 * The loop on AWS: the `triage-<env>` bus (KMS, archived), the four functions with their DLQs and grants, the rules that
 * route AWS's and our events to them, and the outbox pipe from the catalog's stream to the bus. Its own key encrypts the
 * bus, the logs and the queues, so nothing here edits the foundation's key policy.
 */
export class TriageEvents extends Construct {
  readonly key: kms.Key;
  readonly bus: events.EventBus;
  readonly functions: Record<TriageFunctionName, lambda.IFunction>;
  /** The four functions' DLQs, then the pipe's. */
  readonly deadLetterQueues: sqs.IQueue[];
  readonly rules: TriageEventRules;
  readonly pipe: OutboxPipe;

  constructor(scope: Construct, id: string, props: TriageEventsProps) {
    super(scope, id);
    const { foundation, ml } = props;
    const environment = foundation.environment;
    this.key = stackKey(this, 'Key', { environment, purpose: 'events', logs: true, events: true });
    this.bus = new TriageEventBus(this, 'Bus', { environment, key: this.key }).bus;
    const functions = new TriageFunctions(this, 'Functions', { foundation, ml, bus: this.bus, key: this.key, repoRoot: props.repoRoot });
    this.functions = {
      'pipeline-trigger': functions.functions['pipeline-trigger'].function,
      'model-evaluation': functions.functions['model-evaluation'].function,
      'model-registry': functions.functions['model-registry'].function,
      'image-ingestion': functions.functions['image-ingestion'].function,
    };
    this.rules = new TriageEventRules(this, 'Rules', {
      environment,
      bus: this.bus,
      functions: this.functions,
      deadLetterQueues: functions.deadLetterQueues,
      datastoreId: foundation.datastore.id,
      modelPackageGroupName: ml.modelPackageGroupName,
      pipelineArn: ml.pipelineArn,
    });
    const pipeDlq = deadLetterQueue(this, 'OutboxDlq', this.key);
    this.pipe = new OutboxPipe(this, 'Outbox', {
      environment,
      table: foundation.tables.catalog,
      bus: this.bus,
      deadLetterQueue: pipeDlq,
      logKey: this.key,
    });
    this.deadLetterQueues = [...Object.values(functions.deadLetterQueues), pipeDlq];
  }
}

import { Duration, Stack, aws_events as events, aws_iam as iam, type aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';
import { eventBusNameOf } from '../functions/function-variables';

/** Props of {@link TriageEventBus}. */
export interface TriageEventBusProps {
  environment: TriageEnvironment;
  /** Encrypts the bus's events at rest and the archive. */
  key: kms.IKey;
}

/** How long the archive keeps our events for a replay (a lost consumer, a new rule over old events). */
export const ARCHIVE_RETENTION_DAYS = 90;

/** The custom bus `triage-<env>` for our own events (source `triage.*`), KMS-encrypted, with an archive of all of them. */
export class TriageEventBus extends Construct {
  readonly bus: events.EventBus;
  readonly archive: events.Archive;

  constructor(scope: Construct, id: string, props: TriageEventBusProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const eventBusName = eventBusNameOf(props.environment.name);
    // The bus's ARN from its literal name: EventBus's and Archive's own `kmsKey` write key policies that reference the
    // bus's attributes while the bus references the key, a cycle CloudFormation refuses. So the key is set on the L1
    // resources and the policy written here.
    const busArn = stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: eventBusName });
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName,
      description: `triage ${props.environment.name}: catalog, image set and model events (source triage.*)`,
    });
    (this.bus.node.defaultChild as events.CfnEventBus).kmsKeyIdentifier = props.key.keyArn;
    this.archive = new events.Archive(this, 'Archive', {
      sourceEventBus: this.bus,
      description: `Every event of ${eventBusName}, for replays`,
      eventPattern: { source: events.Match.prefix('triage.') },
      retention: Duration.days(ARCHIVE_RETENTION_DAYS),
    });
    (this.archive.node.defaultChild as events.CfnArchive).kmsKeyIdentifier = props.key.keyArn;
    const eventBridge = new iam.ServicePrincipal('events.amazonaws.com');
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeBusAndArchive',
        principals: [eventBridge],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncrypt*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account, 'kms:EncryptionContext:aws:events:event-bus:arn': busArn } },
      }),
    );
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeDescribeKey',
        principals: [eventBridge],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
  }
}

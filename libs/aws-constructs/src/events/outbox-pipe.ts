import {
  RemovalPolicy,
  Stack,
  Validations,
  aws_dynamodb as dynamodb,
  aws_events as events,
  aws_iam as iam,
  aws_kms as kms,
  aws_logs as logs,
  aws_pipes as pipes,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';
import { acknowledgeWildcards, GRANT_WILDCARDS } from '../functions/acknowledge-wildcards';
import { ManagedPolicyRole } from '../functions/managed-policy-role';

/** The pipe's filter: new outbox items only (AWS.md: `pk = OUTBOX#<eventId>`, `sk = EVENT`), never updates or TTL deletes. */
export const OUTBOX_FILTER = { eventName: ['INSERT'], dynamodb: { NewImage: { pk: { S: [{ prefix: 'OUTBOX#' }] } } } };

/** How an outbox item becomes an event: its attributes, as the catalog wrote them in the change's transaction. */
export const OUTBOX_TARGET = {
  detailType: '$.dynamodb.NewImage.detailType.S',
  source: '$.dynamodb.NewImage.source.S',
  time: '$.dynamodb.NewImage.time.S',
  /** `detail` is JSON text: unquoted in the template, so the bus receives it as the event's JSON detail. */
  inputTemplate: '<$.dynamodb.NewImage.detail.S>',
};

/** Props of {@link OutboxPipe}. */
export interface OutboxPipeProps {
  environment: TriageEnvironment;
  /** The catalog table, with its NEW_IMAGE stream. */
  table: dynamodb.ITable;
  bus: events.IEventBus;
  /** Where records the pipe cannot deliver after its retries go. */
  deadLetterQueue: sqs.IQueue;
  /** Encrypts the pipe's log group. */
  logKey: kms.IKey;
}

/**
 * The transactional outbox's relay: an EventBridge Pipe from the catalog table's stream to the `triage-<env>` bus. The
 * catalog writes each event as an item in the same transaction as the change, so an event is published if and only if
 * its change committed; the pipe retries, then dead-letters, and an event is at least once on the bus.
 */
export class OutboxPipe extends Construct {
  readonly pipe: pipes.CfnPipe;
  readonly role: ManagedPolicyRole;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: OutboxPipeProps) {
    super(scope, id);
    const streamArn = props.table.tableStreamArn;
    if (!streamArn) throw new Error('OutboxPipe: the catalog table has no stream (AWS.md: stream NEW_IMAGE)');
    const pipeName = `triage-${props.environment.name}-outbox`;
    this.role = new ManagedPolicyRole(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `${pipeName}: reads the catalog stream, puts on the bus, dead-letters`,
    });
    props.table.grantStreamRead(this.role);
    props.bus.grantPutEventsTo(this.role);
    props.deadLetterQueue.grantSendMessages(this.role);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/pipes/${pipeName}`,
      encryptionKey: props.logKey,
      retention: props.environment.logRetentionDays as logs.RetentionDays,
      removalPolicy: props.environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.pipe = new pipes.CfnPipe(this, 'Pipe', {
      name: pipeName,
      description: 'Outbox: catalog events written in the change transaction, relayed to the bus',
      roleArn: this.role.roleArn,
      source: streamArn,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: 'TRIM_HORIZON',
          batchSize: 10,
          maximumRetryAttempts: 10,
          maximumRecordAgeInSeconds: 86400,
          onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
          deadLetterConfig: { arn: props.deadLetterQueue.queueArn },
        },
        filterCriteria: { filters: [{ pattern: JSON.stringify(OUTBOX_FILTER) }] },
      },
      target: props.bus.eventBusArn,
      targetParameters: {
        eventBridgeEventBusParameters: { detailType: OUTBOX_TARGET.detailType, source: OUTBOX_TARGET.source, time: OUTBOX_TARGET.time },
        inputTemplate: OUTBOX_TARGET.inputTemplate,
      },
      // ERROR only, without execution data: the records are catalog events and may name patients.
      logConfiguration: { level: 'ERROR', cloudwatchLogsLogDestination: { logGroupArn: this.logGroup.logGroupArn } },
    });
    this.logGroup.grantWrite(this.role);
    // Pipes checks its role's permissions on the stream when it is created: the role's policy must exist first.
    this.pipe.node.addDependency(this.role);
    acknowledgeWildcards(this.role, GRANT_WILDCARDS);
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: "dynamodb:ListStreams has no resource type (CDK grantStreamRead); the stream reads name the catalog table's stream.",
    });
  }
}

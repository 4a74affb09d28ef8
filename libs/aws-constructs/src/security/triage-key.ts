import { RemovalPolicy, Stack, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';

/** Props of {@link TriageKey}. */
export interface TriageKeyProps {
  environment: TriageEnvironment;
}

/**
 * The environment's customer-managed key (yearly rotation): buckets, tables, the datastore, log groups, the trail and
 * the alarm topic are encrypted with it. IAM principals of the account use it through their own policies (the default
 * key policy trusts the account); the services that write with it on their own behalf are let in here, each only for
 * this account's resources.
 */
export class TriageKey extends kms.Key {
  constructor(scope: Construct, id: string, props: TriageKeyProps) {
    const name = props.environment.name;
    super(scope, id, {
      alias: `alias/triage-${name}`,
      description: `triage ${name}: data at rest (buckets, tables, datastore, logs, trail, alarms)`,
      enableKeyRotation: true,
      removalPolicy: props.environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const stack = Stack.of(this);
    this.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*' }) },
        },
      }),
    );
    this.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudTrailEncryptsThisAccountsTrails',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: {
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${stack.partition}:cloudtrail:*:${stack.account}:trail/*` },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    );
    this.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopics',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
  }
}

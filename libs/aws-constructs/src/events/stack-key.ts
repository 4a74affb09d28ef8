import { RemovalPolicy, Stack, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';

/** Props of {@link stackKey}. */
export interface StackKeyProps {
  environment: TriageEnvironment;
  /** What the key is for, in its alias `alias/triage-<env>-<purpose>`. */
  purpose: string;
  /** Let CloudWatch Logs encrypt this account's log groups with it. */
  logs?: boolean;
  /** Let EventBridge (and Pipes) write to queues and buses encrypted with it. */
  events?: boolean;
}

/**
 * A stack's own customer-managed key (rotation on) for what AWS services write on our behalf: log groups, dead-letter
 * queues, the bus. Apart from the foundation's key so that no app stack edits the foundation's key policy: each service
 * principal is allowed here, only from this account (and for logs, only for log groups in this account and region).
 */
export function stackKey(scope: Construct, id: string, props: StackKeyProps): kms.Key {
  const stack = Stack.of(scope);
  const key = new kms.Key(scope, id, {
    alias: `alias/triage-${props.environment.name}-${props.purpose}`,
    description: `triage ${props.environment.name}: ${props.purpose} (logs, queues and buses this stack owns)`,
    enableKeyRotation: true,
    removalPolicy: props.environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  if (props.logs) {
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogs',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*' }) },
        },
      }),
    );
  }
  if (props.events) {
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EventBridgeToEncryptedQueues',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
  }
  return key;
}

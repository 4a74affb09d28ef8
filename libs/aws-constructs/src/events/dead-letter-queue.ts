import { Duration, Validations, aws_kms as kms, aws_sqs as sqs } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** A dead-letter queue: KMS-encrypted with the given key, TLS only, messages kept 14 days (SQS's maximum) for a redrive. */
export function deadLetterQueue(scope: Construct, id: string, key: kms.IKey): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself a dead-letter queue (of a function and its EventBridge targets); a DLQ of a DLQ would only move the problem.',
  });
  return queue;
}

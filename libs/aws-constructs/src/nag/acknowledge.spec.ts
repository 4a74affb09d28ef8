import { App, Stack, aws_sns as sns } from 'aws-cdk-lib';
import { acknowledge, recordedAcknowledgements } from './acknowledge';

describe('acknowledge', () => {
  it('records each acknowledgement with its reason where it was made, and reads them back in tree order', () => {
    const stack = new Stack(new App(), 'S');
    const topic = new sns.Topic(stack, 'Topic');
    acknowledge(stack, { id: 'AwsSolutions-SNS3', reason: 'every topic in this stack is published to by AWS services only' });
    acknowledge(topic, { id: 'HIPAA.Security-SNSEncryptedKMS', reason: 'a test topic that never carries a message at all' });
    expect(recordedAcknowledgements(stack.node.root)).toEqual([
      { path: 'S', id: 'AwsSolutions-SNS3', reason: 'every topic in this stack is published to by AWS services only' },
      { path: 'S/Topic', id: 'HIPAA.Security-SNSEncryptedKMS', reason: 'a test topic that never carries a message at all' },
    ]);
  });

  it.each([[''], ['   '], ['not needed']])('refuses a reason that says nothing (%j)', (reason) => {
    const stack = new Stack(new App(), 'S');
    expect(() => acknowledge(stack, { id: 'AwsSolutions-S1', reason })).toThrow(
      `cdk-nag acknowledgement AwsSolutions-S1 on S needs a specific reason`,
    );
  });
});

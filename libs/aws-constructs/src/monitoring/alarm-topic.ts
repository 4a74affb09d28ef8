import { aws_kms as kms, aws_sns as sns, aws_sns_subscriptions as subscriptions } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';

/** Props of {@link AlarmTopic}. */
export interface AlarmTopicProps {
  environment: TriageEnvironment;
  /** The key the topic is encrypted with (its policy must let cloudwatch.amazonaws.com use it: see TriageKey). */
  key: kms.IKey;
}

/** The SNS topic `triage-<env>-alarms` every alarm goes to: KMS-encrypted, TLS-only, the environment's e-mail subscribed. */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `triage-${props.environment.name}-alarms`,
      displayName: `triage ${props.environment.name} alarms`,
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.environment.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.environment.alarmEmail));
  }
}

import type { aws_elasticloadbalancingv2 as elbv2, aws_kms as kms, aws_lambda as lambda, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';
import { AlarmTopic } from './alarm-topic';
import { TriageAlarms } from './triage-alarms';
import { TriageDashboard } from './triage-dashboard';

/** Props of {@link TriageMonitoring}: what the app stacks made, to watch. */
export interface TriageMonitoringProps {
  environment: TriageEnvironment;
  key: kms.IKey;
  functions: Record<string, lambda.IFunction>;
  deadLetterQueues: sqs.IQueue[];
  /** The API's load balancer (absent: no API widgets or alarms). */
  loadBalancer?: elbv2.IApplicationLoadBalancer;
  pipelineName: string;
}

/** The dashboard, the alarms and the topic they go to. */
export class TriageMonitoring extends Construct {
  readonly topic: AlarmTopic;
  readonly alarms: TriageAlarms;
  readonly dashboard: TriageDashboard;

  constructor(scope: Construct, id: string, props: TriageMonitoringProps) {
    super(scope, id);
    const envName = props.environment.name;
    this.topic = new AlarmTopic(this, 'Alarms', { environment: props.environment, key: props.key });
    const watched = {
      envName,
      functions: props.functions,
      deadLetterQueues: props.deadLetterQueues,
      loadBalancer: props.loadBalancer,
      pipelineName: props.pipelineName,
    };
    this.alarms = new TriageAlarms(this, 'AlarmSet', { ...watched, topic: this.topic.topic });
    this.dashboard = new TriageDashboard(this, 'Dashboard', watched);
  }
}

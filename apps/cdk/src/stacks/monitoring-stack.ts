import { Stack } from 'aws-cdk-lib';
import type { Environment, aws_elasticloadbalancingv2 as elbv2, aws_lambda as lambda, aws_sqs as sqs } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { TriageMonitoring, type FoundationResources, type TriageEnvironment } from '@triage/aws-constructs';

/** Props of the monitoring stack: what the other stacks made. */
export interface MonitoringStackProps {
  env?: Environment;
  stackName: string;
  environment: TriageEnvironment;
  foundation: FoundationResources;
  functions: Record<string, lambda.IFunction>;
  deadLetterQueues: sqs.IQueue[];
  loadBalancer?: elbv2.IApplicationLoadBalancer;
  pipelineName: string;
}

/** `triage-<env>-monitoring`: the dashboard, the alarms and their SNS topic. */
export class MonitoringStack extends Stack {
  readonly monitoring: TriageMonitoring;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, {
      env: props.env,
      stackName: props.stackName,
      description: `triage ${props.environment.name}: dashboard, alarms, alarm topic`,
    });
    this.monitoring = new TriageMonitoring(this, 'Monitoring', {
      environment: props.environment,
      key: props.foundation.key,
      functions: props.functions,
      deadLetterQueues: props.deadLetterQueues,
      loadBalancer: props.loadBalancer,
      pipelineName: props.pipelineName,
    });
  }
}

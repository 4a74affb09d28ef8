import { App, Stack, aws_elasticloadbalancingv2 as elbv2, aws_kms as kms, aws_lambda as lambda, aws_sqs as sqs } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { testEnvironment } from '../test-support/foundation-fixture';
import { DASHBOARD_WIDGETS } from './triage-dashboard';
import { TriageMonitoring } from './triage-monitoring';

// The construct on imported functions, queues and load balancer: only the topic, alarms and dashboard are synthesised.
// CloudFormation's validation engine is left to apps/cdk's spec, which synthesises the whole app with it; here the
// nag packs run on the construct tree directly (validateScope).
process.env.CDK_VALIDATION = 'false';

function monitoringStack() {
  const stack = new Stack(new App(), 'M', { env: { account: '123456789012', region: 'us-east-1' } });
  const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555');
  const fn = (name: string) => lambda.Function.fromFunctionName(stack, name, `triage-dev-${name}`);
  new TriageMonitoring(stack, 'Monitoring', {
    environment: testEnvironment({ alarmEmail: 'oncall@example.org' }),
    key,
    functions: { 'image-ingestion': fn('image-ingestion'), 'pipeline-trigger': fn('pipeline-trigger') },
    deadLetterQueues: [sqs.Queue.fromQueueArn(stack, 'Dlq', 'arn:aws:sqs:us-east-1:123456789012:triage-dev-dlq')],
    loadBalancer: elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Alb', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/triage-dev/0123456789abcdef',
      securityGroupId: 'sg-0123456789abcdef0',
    }),
    pipelineName: 'triage-dev-pipeline',
  });
  return stack;
}

describe('TriageMonitoring', () => {
  const stack = monitoringStack();
  const template = Template.fromStack(stack);

  it('alarms on function errors, DLQ depth, ALB and API 5xx and failed pipeline runs, each to the topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => {
      const p = alarm.Properties;
      return [p.AlarmName, p.Namespace, p.MetricName, p.Threshold, p.AlarmActions.length, p.TreatMissingData];
    });
    expect(alarms).toEqual([
      ['triage-dev-image-ingestion-errors', 'AWS/Lambda', 'Errors', 1, 1, 'notBreaching'],
      ['triage-dev-pipeline-trigger-errors', 'AWS/Lambda', 'Errors', 1, 1, 'notBreaching'],
      ['triage-dev-dlq-1-depth', 'AWS/SQS', 'ApproximateNumberOfMessagesVisible', 1, 1, 'notBreaching'],
      ['triage-dev-alb-5xx', 'AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', 5, 1, 'notBreaching'],
      ['triage-dev-api-5xx', 'AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', 5, 1, 'notBreaching'],
      ['triage-dev-pipeline-failed', 'AWS/Sagemaker/ModelBuildingPipeline', 'ExecutionFailed', 1, 1, 'notBreaching'],
    ]);
  });

  it('encrypts the topic with the key and subscribes the alarm e-mail', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'triage-dev-alarms',
      KmsMasterKeyId: 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.org' });
  });

  it('draws every widget of the dashboard', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    expect(DASHBOARD_WIDGETS.filter((title) => !body.includes(`\\"title\\":\\"${title}\\"`))).toEqual([]);
  });

  it('passes the HIPAA Security and AWS Solutions packs without acknowledgements', () => {
    const findings = [new HIPAASecurityChecks(), new AwsSolutionsChecks()].flatMap((pack) =>
      pack.validateScope(stack).violations.map((v) => v.ruleName),
    );
    expect(findings).toEqual([]);
  });
});

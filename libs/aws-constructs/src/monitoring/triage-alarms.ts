import {
  Duration,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as actions,
  aws_elasticloadbalancingv2 as elbv2,
  aws_lambda as lambda,
  aws_sns as sns,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SAGEMAKER_PIPELINE_NAMESPACE } from './metric-names';

/** Props of {@link TriageAlarms}. */
export interface TriageAlarmsProps {
  envName: string;
  topic: sns.ITopic;
  functions: Record<string, lambda.IFunction>;
  deadLetterQueues: sqs.IQueue[];
  loadBalancer?: elbv2.IApplicationLoadBalancer;
  pipelineName: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * The alarms, each to the topic: a function that errors, a dead-letter queue that holds a message (an event the loop
 * gave up on), the API answering 5xx (the load balancer's own and the targets'), a pipeline execution that failed.
 * Missing data is not breaching: a quiet environment is a healthy one.
 */
export class TriageAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: TriageAlarmsProps) {
    super(scope, id);
    const action = new actions.SnsAction(props.topic);
    const alarm = (alarmId: string, description: string, metric: cloudwatch.IMetric, threshold: number) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        alarmName: `triage-${props.envName}-${alarmId}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(action);
      created.addOkAction(action);
      this.alarms.push(created);
    };
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(
        `${name}-errors`,
        `${name} threw (see its log group; the event went to its DLQ after retries)`,
        fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        1,
      );
    }
    props.deadLetterQueues.forEach((queue, index) => {
      alarm(
        `dlq-${index + 1}-depth`,
        'A dead-letter queue holds events the loop gave up on (redrive them once the cause is fixed)',
        queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        1,
      );
    });
    if (props.loadBalancer) {
      const metrics = props.loadBalancer.metrics;
      alarm(
        'alb-5xx',
        'The load balancer answered 5xx (no healthy target, or a target timed out)',
        metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: FIVE_MINUTES, statistic: 'Sum' }),
        5,
      );
      alarm(
        'api-5xx',
        'The API answered 5xx',
        metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: FIVE_MINUTES, statistic: 'Sum' }),
        5,
      );
    }
    alarm(
      'pipeline-failed',
      'A retraining pipeline execution failed (see its steps in SageMaker Studio or `triage pipeline`)',
      new cloudwatch.Metric({
        namespace: SAGEMAKER_PIPELINE_NAMESPACE,
        metricName: 'ExecutionFailed',
        dimensionsMap: { PipelineName: props.pipelineName },
        period: FIVE_MINUTES,
        statistic: 'Sum',
      }),
      1,
    );
  }
}

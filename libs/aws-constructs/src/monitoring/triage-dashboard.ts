import {
  Duration,
  aws_cloudwatch as cloudwatch,
  aws_elasticloadbalancingv2 as elbv2,
  aws_lambda as lambda,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SAGEMAKER_PIPELINE_NAMESPACE, TRIAGE_METRICS, TRIAGE_METRICS_NAMESPACE } from './metric-names';

/** Props of {@link TriageDashboard}. */
export interface TriageDashboardProps {
  envName: string;
  functions: Record<string, lambda.IFunction>;
  deadLetterQueues: sqs.IQueue[];
  loadBalancer?: elbv2.IApplicationLoadBalancer;
  pipelineName: string;
}

/** The dashboard's widget titles, in order (the spec checks each is there). */
export const DASHBOARD_WIDGETS = [
  'Ingest: image sets scored',
  'Frame latency (API target response time)',
  'API requests and errors',
  'Pipeline runs',
  'Model metrics',
  'Loop functions: errors',
  'Loop functions: duration p90',
  'Dead-letter queues',
] as const;

const PERIOD = Duration.minutes(5);

function triageMetric(service: string, metricName: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: TRIAGE_METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service },
    statistic: 'Sum',
    period: PERIOD,
  });
}

/** The CloudWatch dashboard `triage-<env>`: ingest, frame latency, pipeline runs, model metrics, the functions and the queues. */
export class TriageDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: TriageDashboardProps) {
    super(scope, id);
    const [ingest, latency, api, pipeline, model, errors, duration, queues] = DASHBOARD_WIDGETS;
    const fns = Object.entries(props.functions);
    const pipelineMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: SAGEMAKER_PIPELINE_NAMESPACE,
        metricName,
        dimensionsMap: { PipelineName: props.pipelineName },
        statistic: 'Sum',
        period: PERIOD,
      });
    const albMetrics = props.loadBalancer?.metrics;
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `triage-${props.envName}`,
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: ingest,
            width: 12,
            left: TRIAGE_METRICS['image-ingestion'].map((name) => triageMetric('image-ingestion', name)),
          }),
          new cloudwatch.GraphWidget({
            title: latency,
            width: 12,
            left: albMetrics
              ? ['p50', 'p90', 'p99'].map((statistic) => albMetrics.targetResponseTime({ statistic, period: PERIOD, label: statistic }))
              : [],
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: api,
            width: 12,
            left: albMetrics ? [albMetrics.requestCount({ period: PERIOD })] : [],
            right: albMetrics
              ? [
                  albMetrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: PERIOD }),
                  albMetrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: PERIOD }),
                ]
              : [],
          }),
          new cloudwatch.GraphWidget({
            title: pipeline,
            width: 12,
            left: [
              ...['ExecutionStarted', 'ExecutionSucceeded', 'ExecutionFailed', 'ExecutionStopped'].map(pipelineMetric),
              triageMetric('pipeline-trigger', 'PipelineRunsStarted'),
            ],
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: model,
            width: 12,
            left: [
              ...TRIAGE_METRICS['model-registry'].map((name) => triageMetric('model-registry', name)),
              triageMetric('image-ingestion', 'DriftDetected'),
            ],
          }),
          new cloudwatch.GraphWidget({
            title: errors,
            width: 12,
            left: fns.map(([name, fn]) => fn.metricErrors({ period: PERIOD, label: name })),
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: duration,
            width: 12,
            left: fns.map(([name, fn]) => fn.metricDuration({ period: PERIOD, statistic: 'p90', label: name })),
          }),
          new cloudwatch.GraphWidget({
            title: queues,
            width: 12,
            left: props.deadLetterQueues.map((queue) =>
              queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
            ),
          }),
        ],
      ],
    });
  }
}

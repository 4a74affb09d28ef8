import { Stack } from 'aws-cdk-lib';
import type { Environment, aws_ecs as ecs, aws_elasticloadbalancingv2 as elbv2 } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CERTIFICATE_CONTEXT, TriageApiService, type FoundationResources, type TriageEnvironment } from '@triage/aws-constructs';

/** Props of the API stack: the foundation's resources. */
export interface ApiStackProps {
  env?: Environment;
  stackName: string;
  environment: TriageEnvironment;
  foundation: FoundationResources;
}

/**
 * `triage-<env>-api`: the API on ECS Fargate behind an internet-facing ALB with WAF. HTTPS when the context names a
 * certificate (`-c triage:certificateArn=arn:aws:acm:...`), else HTTP (dev only). The image, the pipeline and its role are
 * named, not exported by the ML stack, so this stack deploys alone.
 */
export class ApiStack extends Stack {
  readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  readonly service: ecs.FargateService;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, {
      env: props.env,
      stackName: props.stackName,
      description: `triage ${props.environment.name}: the API on ECS Fargate behind an ALB`,
    });
    const certificateArn = this.node.tryGetContext(CERTIFICATE_CONTEXT) as string | undefined;
    const api = new TriageApiService(this, 'Api', { foundation: props.foundation, certificateArn: certificateArn || undefined });
    this.loadBalancer = api.loadBalancer;
    this.service = api.service;
  }
}

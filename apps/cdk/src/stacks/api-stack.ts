import { Stack } from 'aws-cdk-lib';
import type { Environment, aws_ecs as ecs, aws_elasticloadbalancingv2 as elbv2 } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FoundationResources, TriageEnvironment } from '@triage/aws-constructs';

/** Props of the API stack: the foundation's resources. */
export interface ApiStackProps {
  env?: Environment;
  stackName: string;
  environment: TriageEnvironment;
  foundation: FoundationResources;
}

/** `triage-<env>-api`: the API on ECS Fargate behind an internet-facing ALB with WAF. */
export class ApiStack extends Stack {
  readonly loadBalancer!: elbv2.IApplicationLoadBalancer;
  readonly service!: ecs.FargateService;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, { env: props.env, stackName: props.stackName });
    // Placeholder until the API construct lands (H2).
  }
}

import { Stack } from 'aws-cdk-lib';
import type { Environment } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FoundationResources, TriageEnvironment } from '@triage/aws-constructs';

/** Props of the ML stack: the foundation's resources. */
export interface MlStackProps {
  env?: Environment;
  stackName: string;
  environment: TriageEnvironment;
  foundation: FoundationResources;
}

/** `triage-<env>-ml`: ECR repositories, the SageMaker execution role, the model package group and the pipeline. */
export class MlStack extends Stack {
  readonly pipelineName: string;
  readonly pipelineArn: string;
  readonly modelPackageGroupName: string;
  readonly pipelineRoleArn: string;

  constructor(scope: Construct, id: string, props: MlStackProps) {
    super(scope, id, { env: props.env, stackName: props.stackName });
    // Placeholder until the ML construct lands (H2).
    this.pipelineName = `triage-${props.environment.name}-pipeline`;
    this.pipelineArn = '';
    this.modelPackageGroupName = props.environment.modelPackageGroupName;
    this.pipelineRoleArn = '';
  }
}

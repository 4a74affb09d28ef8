import { Stack } from 'aws-cdk-lib';
import type { Environment } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { TriageMl, type FoundationResources, type TriageEnvironment } from '@triage/aws-constructs';

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
  readonly ml: TriageMl;

  constructor(scope: Construct, id: string, props: MlStackProps) {
    super(scope, id, {
      env: props.env,
      stackName: props.stackName,
      description: `triage ${props.environment.name}: SageMaker pipeline, model registry, ECR`,
    });
    this.ml = new TriageMl(this, 'Ml', { foundation: props.foundation });
    this.pipelineName = this.ml.pipeline.pipelineName;
    this.pipelineArn = this.ml.pipeline.pipelineArn;
    this.modelPackageGroupName = props.environment.modelPackageGroupName;
    this.pipelineRoleArn = this.ml.executionRole.role.roleArn;
  }
}

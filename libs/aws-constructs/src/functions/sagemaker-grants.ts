import { Stack, aws_iam as iam } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The ARNs a model package group's permissions name: the group and its versioned packages. */
export function modelPackageArns(scope: IConstruct, groupName: string): { group: string; packages: string } {
  const stack = Stack.of(scope);
  return {
    group: stack.formatArn({ service: 'sagemaker', resource: 'model-package-group', resourceName: groupName }),
    packages: stack.formatArn({ service: 'sagemaker', resource: 'model-package', resourceName: `${groupName}/*` }),
  };
}

/** Reads the group's versions (the registry's lookups); ListModelPackages has no resource type, so it is on "*". */
export function grantModelPackagesRead(grantee: iam.IGrantable, groupName: string, scope: IConstruct): void {
  const arns = modelPackageArns(scope, groupName);
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['sagemaker:DescribeModelPackageGroup', 'sagemaker:DescribeModelPackage', 'sagemaker:ListTags'],
      resources: [arns.group, arns.packages],
    }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sagemaker:ListModelPackages'], resources: ['*'] }));
}

/** Changes a version's approval (promotion, rejection) and creates versions in the group, on top of reading it. */
export function grantModelPackagesWrite(grantee: iam.IGrantable, groupName: string, scope: IConstruct): void {
  grantModelPackagesRead(grantee, groupName, scope);
  const arns = modelPackageArns(scope, groupName);
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['sagemaker:UpdateModelPackage', 'sagemaker:CreateModelPackage', 'sagemaker:AddTags'],
      resources: [arns.group, arns.packages],
    }),
  );
}

/** The pipeline's ARN and its executions' ARN pattern. */
export function pipelineArns(pipelineArn: string): { pipeline: string; executions: string } {
  return { pipeline: pipelineArn, executions: `${pipelineArn}/execution/*` };
}

/**
 * What a PipelineRunner calls: start, describe, list and stop executions of our pipeline, and (with `upsert`) update its
 * definition, passing the pipeline's execution role to SageMaker only.
 */
export function grantPipelineRun(
  grantee: iam.IGrantable,
  pipelineArn: string,
  pipelineRoleArn: string,
  options: { upsert: boolean },
): void {
  const arns = pipelineArns(pipelineArn);
  const actions = [
    'sagemaker:DescribePipeline',
    'sagemaker:StartPipelineExecution',
    'sagemaker:StopPipelineExecution',
    'sagemaker:DescribePipelineExecution',
    'sagemaker:ListPipelineExecutions',
    'sagemaker:ListPipelineExecutionSteps',
    'sagemaker:DescribePipelineDefinitionForExecution',
    ...(options.upsert ? ['sagemaker:UpdatePipeline'] : []),
  ];
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [arns.pipeline, arns.executions] }));
  if (options.upsert) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [pipelineRoleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      }),
    );
  }
}

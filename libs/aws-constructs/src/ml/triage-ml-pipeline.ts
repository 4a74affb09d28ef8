import { Stack, aws_sagemaker as sagemaker, type aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { compilePipeline, triagePipeline, type PipelineDefinitionJson } from '@triage/pipeline';
import type { TriageEnvironment } from '../environment/triage-environment';
import type { ImageRepositories } from './image-repositories';
import { DATASET_EXPORTS_PREFIX, mlNames, PIPELINE_ARTIFACTS_PREFIX } from './ml-names';

/** Props of {@link TriageMlPipeline}. */
export interface TriageMlPipelineProps {
  environment: TriageEnvironment;
  /** The training bucket's name: dataset exports in, step outputs out. */
  trainingBucketName: string;
  repositories: ImageRepositories;
  role: iam.IRole;
}

/** The compiled triage pipeline for an environment: the same definition `libs/pipeline` runs locally, with AWS's names. */
export function triagePipelineDefinition(props: {
  pipelineName: string;
  roleArn: string;
  trainingBucketName: string;
  imageUri: string;
  modelPackageGroupName: string;
  accuracyThreshold: number;
}): PipelineDefinitionJson {
  return compilePipeline(
    triagePipeline({
      pipelineName: props.pipelineName,
      roleArn: props.roleArn,
      artifactsUri: `s3://${props.trainingBucketName}/${PIPELINE_ARTIFACTS_PREFIX}`,
      defaults: {
        ProcessingImageUri: props.imageUri,
        TrainingImageUri: props.imageUri,
        InferenceImageUri: props.imageUri,
        ModelPackageGroupName: props.modelPackageGroupName,
        AccuracyThreshold: props.accuracyThreshold,
        InputDataUri: `s3://${props.trainingBucketName}/${DATASET_EXPORTS_PREFIX}`,
      },
    }),
  );
}

/**
 * The model package group (`environment.modelPackageGroupName`) and the SageMaker pipeline `triage-<env>-pipeline`, whose
 * definition is `compilePipeline(triagePipeline(...))` with the training image at `environment.imageTag`, written into the
 * template with CDK's tokens (bucket, role, repository URI) resolved by `Stack.toJsonString`.
 */
export class TriageMlPipeline extends Construct {
  readonly pipeline: sagemaker.CfnPipeline;
  readonly modelPackageGroup: sagemaker.CfnModelPackageGroup;
  readonly pipelineName: string;
  readonly pipelineArn: string;
  /** The definition as compiled, before CloudFormation resolves its tokens. */
  readonly definition: PipelineDefinitionJson;

  constructor(scope: Construct, id: string, props: TriageMlPipelineProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { environment } = props;
    this.pipelineName = mlNames(environment.name).pipeline;
    this.pipelineArn = stack.formatArn({ service: 'sagemaker', resource: 'pipeline', resourceName: this.pipelineName });
    this.modelPackageGroup = new sagemaker.CfnModelPackageGroup(this, 'ModelPackageGroup', {
      modelPackageGroupName: environment.modelPackageGroupName,
      modelPackageGroupDescription: `triage ${environment.name}: chest X-ray triage model versions (registered by ${this.pipelineName})`,
    });
    this.definition = triagePipelineDefinition({
      pipelineName: this.pipelineName,
      roleArn: props.role.roleArn,
      trainingBucketName: props.trainingBucketName,
      imageUri: props.repositories.training.repositoryUriForTag(environment.imageTag),
      modelPackageGroupName: environment.modelPackageGroupName,
      accuracyThreshold: environment.accuracyThreshold,
    });
    this.pipeline = new sagemaker.CfnPipeline(this, 'Pipeline', {
      pipelineName: this.pipelineName,
      pipelineDisplayName: this.pipelineName,
      pipelineDescription: 'Preprocess, Train, Evaluate, CheckAccuracy, Register (libs/pipeline triagePipeline)',
      roleArn: props.role.roleArn,
      pipelineDefinition: { PipelineDefinitionBody: stack.toJsonString(this.definition) },
    });
    // The RegisterModel steps need the group to exist.
    this.pipeline.addResourceDependency(this.modelPackageGroup);
  }
}

import type { aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FoundationResources } from '../foundation/foundation-resources';
import { ImageRepositories } from './image-repositories';
import { SageMakerExecutionRole } from './sagemaker-execution-role';
import { TriageMlPipeline } from './triage-ml-pipeline';

/** Props of {@link TriageMl}. */
export interface TriageMlProps {
  foundation: FoundationResources;
  /** Encrypts the ECR repositories (default: the foundation's key). */
  key?: kms.IKey;
}

/** The ML side on AWS: the ECR repositories, the SageMaker execution role, the model package group and the pipeline. */
export class TriageMl extends Construct {
  readonly repositories: ImageRepositories;
  readonly executionRole: SageMakerExecutionRole;
  readonly pipeline: TriageMlPipeline;

  constructor(scope: Construct, id: string, props: TriageMlProps) {
    super(scope, id);
    const { foundation } = props;
    const environment = foundation.environment;
    this.repositories = new ImageRepositories(this, 'Repositories', { environment, key: props.key ?? foundation.key });
    this.executionRole = new SageMakerExecutionRole(this, 'ExecutionRole', {
      environment,
      trainingBucket: foundation.buckets.training,
      trainingRepository: this.repositories.training,
      modelPackageGroupName: environment.modelPackageGroupName,
    });
    this.pipeline = new TriageMlPipeline(this, 'Pipeline', {
      environment,
      trainingBucketName: foundation.buckets.training.bucketName,
      repositories: this.repositories,
      role: this.executionRole.role,
    });
  }
}

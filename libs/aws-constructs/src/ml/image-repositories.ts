import { Duration, RemovalPolicy, aws_ecr as ecr, type aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';
import { mlNames } from './ml-names';

/** Props of {@link ImageRepositories}. */
export interface ImageRepositoriesProps {
  environment: TriageEnvironment;
  key: kms.IKey;
}

/** Images kept per repository: enough to roll back a few releases. */
export const KEEP_IMAGES = 30;

/**
 * The ECR repositories CI pushes to: the training image (Preprocess, Train, Evaluate and RegisterModel's inference image)
 * and the API's. Scanned on push, tags immutable (a tag names one image forever: deploy by version or commit, never
 * `latest`), KMS-encrypted, untagged images expired after a day and only the last {@link KEEP_IMAGES} kept.
 */
export class ImageRepositories extends Construct {
  readonly training: ecr.Repository;
  readonly api: ecr.Repository;

  constructor(scope: Construct, id: string, props: ImageRepositoriesProps) {
    super(scope, id);
    const names = mlNames(props.environment.name);
    const repository = (repoId: string, repositoryName: string) =>
      new ecr.Repository(this, repoId, {
        repositoryName,
        imageScanOnPush: true,
        imageTagMutability: ecr.TagMutability.IMMUTABLE,
        encryption: ecr.RepositoryEncryption.KMS,
        encryptionKey: props.key,
        removalPolicy: props.environment.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        emptyOnDelete: !props.environment.retainData,
        lifecycleRules: [
          {
            rulePriority: 1,
            description: 'Untagged layers of failed pushes',
            tagStatus: ecr.TagStatus.UNTAGGED,
            maxImageAge: Duration.days(1),
          },
          { rulePriority: 2, description: `Keep the last ${KEEP_IMAGES} images`, tagStatus: ecr.TagStatus.ANY, maxImageCount: KEEP_IMAGES },
        ],
      });
    this.training = repository('Training', names.trainingRepository);
    this.api = repository('Api', names.apiRepository);
  }
}

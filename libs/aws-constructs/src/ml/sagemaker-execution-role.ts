import { ArnFormat, Stack, Validations, aws_ecr as ecr, aws_iam as iam, type aws_s3 as s3 } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { TriageEnvironment } from '../environment/triage-environment';
import { acknowledgeWildcards, GRANT_WILDCARDS } from '../functions/acknowledge-wildcards';
import { ManagedPolicyRole } from '../functions/managed-policy-role';
import { modelPackageArns } from '../functions/sagemaker-grants';
import { mlNames, PIPELINE_ARTIFACTS_PREFIX } from './ml-names';

/** Props of {@link SageMakerExecutionRole}. */
export interface SageMakerExecutionRoleProps {
  environment: TriageEnvironment;
  trainingBucket: s3.IBucket;
  trainingRepository: ecr.IRepository;
  modelPackageGroupName: string;
}

/**
 * The role the pipeline and its jobs run as: read the dataset exports and write step outputs in the training bucket (the
 * bucket's key through its grants), pull the training image, write the jobs' logs and metrics, start and follow its own
 * jobs (named `pipelines-*` by SageMaker) and register versions in our group. Nothing else: the jobs never see the
 * catalog, HealthImaging or the models bucket.
 */
export class SageMakerExecutionRole extends Construct {
  readonly role: ManagedPolicyRole;

  constructor(scope: Construct, id: string, props: SageMakerExecutionRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new ManagedPolicyRole(this, 'Role', {
      roleName: mlNames(props.environment.name).executionRole,
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'triage SageMaker pipeline and its processing and training jobs',
    });
    props.trainingBucket.grantRead(this.role);
    props.trainingBucket.grantWrite(this.role, `${PIPELINE_ARTIFACTS_PREFIX}/*`);
    props.trainingRepository.grantPull(this.role);
    const jobs = ['processing-job', 'training-job'].map((resource) =>
      stack.formatArn({ service: 'sagemaker', resource, resourceName: 'pipelines-*' }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PipelineJobs',
        actions: [
          'sagemaker:CreateProcessingJob',
          'sagemaker:DescribeProcessingJob',
          'sagemaker:StopProcessingJob',
          'sagemaker:CreateTrainingJob',
          'sagemaker:DescribeTrainingJob',
          'sagemaker:StopTrainingJob',
          'sagemaker:AddTags',
        ],
        resources: jobs,
      }),
    );
    const group = modelPackageArns(this, props.modelPackageGroupName);
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'RegisterModel',
        actions: [
          'sagemaker:CreateModelPackage',
          'sagemaker:DescribeModelPackage',
          'sagemaker:DescribeModelPackageGroup',
          'sagemaker:AddTags',
        ],
        resources: [group.group, group.packages],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PassSelfToJobs',
        actions: ['iam:PassRole'],
        resources: [
          stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: mlNames(props.environment.name).executionRole }),
        ],
        conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      }),
    );
    const jobLogs = ['ProcessingJobs', 'TrainingJobs'].map((kind) =>
      stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: `/aws/sagemaker/${kind}:*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'JobLogs',
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: jobLogs,
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'JobMetrics',
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringLike: { 'cloudwatch:namespace': '/aws/sagemaker/*' } },
      }),
    );
    acknowledgeWildcards(this.role, GRANT_WILDCARDS);
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'cloudwatch:PutMetricData has no resource type (limited here by the cloudwatch:namespace condition to /aws/sagemaker/*) ' +
        'and ecr:GetAuthorizationToken is account-wide by AWS design; every other statement names its resources.',
    });
  }
}

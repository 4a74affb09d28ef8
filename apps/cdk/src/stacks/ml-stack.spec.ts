import { Match, type Template } from 'aws-cdk-lib/assertions';
import { compilePipeline, triagePipeline, type PipelineDefinitionJson } from '@triage/pipeline';
import { synthSeconds } from '../test-support/synth-report';
import { synthTriageApp, type SynthesisedTriageApp } from '../test-support/synth-triage-app';

// dev's stacks, synthesised once (validation and both cdk-nag packs); no Lambda bundling here.
let synthesised: SynthesisedTriageApp;
let template: Template;
beforeAll(() => {
  synthesised = synthTriageApp(['dev'], { bundle: [] });
  synthSeconds('dev, no bundling', synthesised.synthMs, synthesised.constructMs);
  template = synthesised.template('dev', 'ml');
});

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const resources = (type: string): Resources => template.findResources(type) as Resources;
const idOf = (type: string, test: (props: Record<string, unknown>) => boolean): string => {
  const found = Object.entries(resources(type)).filter(([, r]) => test(r.Properties));
  if (found.length !== 1) throw new Error(`${found.length} ${type} matched`);
  return found[0][0];
};

const ACCOUNT = '111122223333';
const TRAINING_BUCKET = 'triage-dev-training-bucket';

/**
 * Evaluates the intrinsic functions CloudFormation would in the pipeline's definition body, with the values it would
 * find: the ECR repository, the execution role, the foundation's training bucket (a stack output). Anything else throws,
 * so an unexpected token in the definition fails the spec.
 */
function evaluate(value: unknown): unknown {
  const repoId = idOf('AWS::ECR::Repository', (p) => p['RepositoryName'] === 'triage-dev-training');
  const roleId = idOf('AWS::IAM::Role', (p) => p['RoleName'] === 'triage-dev-sagemaker-execution');
  const refs: Record<string, string> = {
    'AWS::AccountId': ACCOUNT,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::Region': 'us-east-1',
    [repoId]: 'triage-dev-training',
  };
  const atts: Record<string, string> = {
    [`${repoId}.Arn`]: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/triage-dev-training`,
    [`${roleId}.Arn`]: `arn:aws:iam::${ACCOUNT}:role/triage-dev-sagemaker-execution`,
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string' || typeof v === 'number') return v;
    if (Array.isArray(v)) return v.map(walk);
    const [[fn, arg]] = Object.entries(v as Record<string, unknown>);
    switch (fn) {
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return parts.map(walk).join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [number, unknown];
        return (walk(list) as string[])[index];
      }
      case 'Fn::Split': {
        const [separator, text] = arg as [string, unknown];
        return (walk(text) as string).split(separator);
      }
      case 'Ref':
        if (!(String(arg) in refs)) throw new Error(`unexpected Ref ${String(arg)}`);
        return refs[String(arg)];
      case 'Fn::GetAtt': {
        const key = (arg as string[]).join('.');
        if (!(key in atts)) throw new Error(`unexpected GetAtt ${key}`);
        return atts[key];
      }
      case 'Fn::GetStackOutput': {
        const { StackName, OutputName } = arg as { StackName: string; OutputName: string };
        if (StackName !== 'triage-dev-foundation' || !/^PublishOutputRefFoundationBucketsTraining/.test(OutputName)) {
          throw new Error(`unexpected output ${StackName}.${OutputName}`);
        }
        return TRAINING_BUCKET;
      }
      default:
        throw new Error(`unexpected ${fn}`);
    }
  };
  return walk(value);
}

describe('the ML stack', () => {
  it('has the training and API image repositories: scanned on push, immutable tags, KMS, a lifecycle', () => {
    for (const name of ['triage-dev-training', 'triage-dev-api']) {
      template.hasResourceProperties('AWS::ECR::Repository', {
        RepositoryName: name,
        ImageScanningConfiguration: { ScanOnPush: true },
        ImageTagMutability: 'IMMUTABLE',
        EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: Match.anyValue() },
        EmptyOnDelete: true,
        LifecyclePolicy: {
          LifecyclePolicyText: JSON.stringify({
            rules: [
              {
                rulePriority: 1,
                description: 'Untagged layers of failed pushes',
                selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 1, countUnit: 'days' },
                action: { type: 'expire' },
              },
              {
                rulePriority: 2,
                description: 'Keep the last 30 images',
                selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 },
                action: { type: 'expire' },
              },
            ],
          }),
        },
      });
    }
  });

  it('has the model package group triage-dev-chest-xray', () => {
    template.hasResourceProperties('AWS::SageMaker::ModelPackageGroup', { ModelPackageGroupName: 'triage-dev-chest-xray' });
  });

  it('deploys exactly the compiled triage pipeline, with the environment’s image, bucket, role, group and threshold', () => {
    const pipelineId = idOf('AWS::SageMaker::Pipeline', () => true);
    const props = resources('AWS::SageMaker::Pipeline')[pipelineId].Properties as Record<string, any>;
    expect(props['PipelineName']).toBe('triage-dev-pipeline');
    expect(props['RoleArn']).toEqual({
      'Fn::GetAtt': [idOf('AWS::IAM::Role', (p) => p['RoleName'] === 'triage-dev-sagemaker-execution'), 'Arn'],
    });
    const deployed = JSON.parse(evaluate(props['PipelineDefinition'].PipelineDefinitionBody) as string) as PipelineDefinitionJson;
    const image = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/triage-dev-training:latest`;
    const expected = compilePipeline(
      triagePipeline({
        pipelineName: 'triage-dev-pipeline',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/triage-dev-sagemaker-execution`,
        artifactsUri: `s3://${TRAINING_BUCKET}/pipelines`,
        defaults: {
          ProcessingImageUri: image,
          TrainingImageUri: image,
          InferenceImageUri: image,
          ModelPackageGroupName: 'triage-dev-chest-xray',
          AccuracyThreshold: 0.8,
          InputDataUri: `s3://${TRAINING_BUCKET}/exports/latest/`,
        },
      }),
    );
    expect(deployed).toEqual(expected);
    expect(deployed.Steps.map((step) => step.Name)).toEqual(['Preprocess', 'Train', 'Evaluate', 'CheckAccuracy']);
    const defaults = Object.fromEntries(deployed.Parameters.map((p) => [p.Name, p.DefaultValue]));
    expect(defaults).toMatchObject({
      ProcessingImageUri: image,
      TrainingImageUri: image,
      InferenceImageUri: image,
      ModelPackageGroupName: 'triage-dev-chest-xray',
      AccuracyThreshold: 0.8,
      InputDataUri: `s3://${TRAINING_BUCKET}/exports/latest/`,
    });
  });

  it('runs the pipeline and its jobs as a role that can only do what they need', () => {
    const roleId = idOf('AWS::IAM::Role', (p) => p['RoleName'] === 'triage-dev-sagemaker-execution');
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'triage-dev-sagemaker-execution',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'sagemaker.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
    });
    const policy = Object.values(resources('AWS::IAM::ManagedPolicy')).find(
      (p) => JSON.stringify(p.Properties['Roles']) === JSON.stringify([{ Ref: roleId }]),
    )!;
    const statements = (
      policy.Properties['PolicyDocument'] as { Statement: { Sid?: string; Action: string | string[]; Resource: unknown }[] }
    ).Statement;
    expect(statements.filter((s) => s.Resource === '*').map((s) => [s.Action].flat())).toEqual([
      ['ecr:GetAuthorizationToken'],
      ['cloudwatch:PutMetricData'],
    ]);
    const bySid = Object.fromEntries(statements.filter((s) => s.Sid).map((s) => [s.Sid, [s.Action].flat().sort()]));
    expect(bySid).toEqual({
      PipelineJobs: [
        'sagemaker:AddTags',
        'sagemaker:CreateProcessingJob',
        'sagemaker:CreateTrainingJob',
        'sagemaker:DescribeProcessingJob',
        'sagemaker:DescribeTrainingJob',
        'sagemaker:StopProcessingJob',
        'sagemaker:StopTrainingJob',
      ],
      RegisterModel: [
        'sagemaker:AddTags',
        'sagemaker:CreateModelPackage',
        'sagemaker:DescribeModelPackage',
        'sagemaker:DescribeModelPackageGroup',
      ],
      PassSelfToJobs: ['iam:PassRole'],
      JobLogs: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
      JobMetrics: ['cloudwatch:PutMetricData'],
    });
    const services = [...new Set(statements.flatMap((s) => [s.Action].flat()).map((a) => a.split(':')[0]))].sort();
    expect(services).toEqual(['cloudwatch', 'ecr', 'iam', 'kms', 'logs', 's3', 'sagemaker']);
  });

  it('gives the events stack its four names', () => {
    const ml = synthesised.stacks.dev!.ml;
    expect([ml.pipelineName, ml.modelPackageGroupName]).toEqual(['triage-dev-pipeline', 'triage-dev-chest-xray']);
    expect(ml.resolve(ml.pipelineArn)).toEqual({
      'Fn::Join': ['', ['arn:aws:sagemaker:us-east-1:', { Ref: 'AWS::AccountId' }, ':pipeline/triage-dev-pipeline']],
    });
  });
});

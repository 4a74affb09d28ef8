/** What varies between the specs' definitions. */
export interface FakeDefinitionOptions {
  /** Where the fake steps leave their run markers. */
  markerDir: string;
  /** The Preprocess step's image (default `fake/steps:1`; `fake/failing:1` or `fake/waiting:1` to fail or wait). */
  preprocessImage?: string;
  /** Environment added to Preprocess (the waiting step's files). */
  preprocessEnvironment?: Record<string, string>;
  /** MaxAttempts of Preprocess's retry policy on SageMaker.JOB_INTERNAL_ERROR (none: no policy). */
  preprocessRetries?: number;
  /** Stop after Preprocess (no train, evaluate, condition or registration). */
  preprocessOnly?: boolean;
}

const IMAGE = 'fake/steps:1';
const ROLE = 'arn:aws:iam::000000000000:role/triage-pipeline';
const execution = { Get: 'Execution.PipelineExecutionId' };
const join = (...values: unknown[]) => ({ 'Std:Join': { On: '/', Values: values } });

/**
 * A SageMaker pipeline definition (Version 2020-12-01) written by hand as SageMaker's JSON, in the
 * shape of the triage pipeline (Preprocess with caching, Train, Evaluate with a property file, a
 * Condition on Std:JsonGet of the accuracy, RegisterModel Approved or PendingManualApproval), over
 * the fake images: what the runner is specified against, independent of the compiler.
 */
export function fakeDefinition(options: FakeDefinitionOptions): object {
  const environment = { MARKER_DIR: options.markerDir };
  const register = (name: string, status: string) => ({
    Name: name,
    Type: 'RegisterModel',
    Arguments: {
      ModelPackageGroupName: { Get: 'Parameters.ModelGroup' },
      ModelApprovalStatus: status,
      InferenceSpecification: {
        Containers: [{ Image: IMAGE, ModelDataUrl: { Get: 'Steps.Train.ModelArtifacts.S3ModelArtifacts' } }],
        SupportedContentTypes: ['application/dicom'],
        SupportedResponseMIMETypes: ['application/json'],
      },
      ModelMetrics: {
        ModelQuality: {
          Statistics: {
            ContentType: 'application/json',
            S3Uri: join({ Get: "Steps.Evaluate.ProcessingOutputConfig.Outputs['evaluation'].S3Output.S3Uri" }, 'evaluation.json'),
          },
        },
      },
    },
  });
  const preprocess = {
    Name: 'Preprocess',
    Type: 'Processing',
    Arguments: {
      ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 } },
      AppSpecification: { ImageUri: options.preprocessImage ?? IMAGE, ContainerEntrypoint: ['node', '/app/main.js', 'preprocess'] },
      RoleArn: ROLE,
      ProcessingInputs: [
        {
          InputName: 'raw',
          AppManaged: false,
          S3Input: {
            S3Uri: { Get: 'Parameters.InputData' },
            LocalPath: '/opt/ml/processing/input/raw',
            S3DataType: 'S3Prefix',
            S3InputMode: 'File',
            S3DataDistributionType: 'FullyReplicated',
          },
        },
      ],
      ProcessingOutputConfig: {
        Outputs: ['train', 'snapshot'].map((name) => ({
          OutputName: name,
          AppManaged: false,
          S3Output: {
            S3Uri: `s3://bucket/pipeline/preprocess/${name}`,
            LocalPath: `/opt/ml/processing/output/${name}`,
            S3UploadMode: 'EndOfJob',
          },
        })),
      },
      Environment: { ...environment, ...options.preprocessEnvironment },
    },
    CacheConfig: { Enabled: true, ExpireAfter: 'P30D' },
    ...(options.preprocessRetries !== undefined && {
      RetryPolicies: [
        { ExceptionType: ['SageMaker.JOB_INTERNAL_ERROR'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: options.preprocessRetries },
      ],
    }),
  };
  const rest = [
    {
      Name: 'Train',
      Type: 'Training',
      Arguments: {
        AlgorithmSpecification: { TrainingImage: IMAGE, TrainingInputMode: 'File' },
        OutputDataConfig: { S3OutputPath: join('s3://bucket/pipeline/train', execution) },
        StoppingCondition: { MaxRuntimeInSeconds: 3600 },
        ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
        RoleArn: ROLE,
        InputDataConfig: [
          {
            ChannelName: 'train',
            DataSource: {
              S3DataSource: {
                S3DataType: 'S3Prefix',
                S3Uri: { Get: "Steps.Preprocess.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri" },
                S3DataDistributionType: 'FullyReplicated',
              },
            },
          },
        ],
        HyperParameters: { epochs: { 'Std:Join': { On: '', Values: [{ Get: 'Parameters.Epochs' }] } }, seed: '7' },
        Environment: environment,
      },
    },
    {
      Name: 'Evaluate',
      Type: 'Processing',
      Arguments: {
        ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 } },
        AppSpecification: {
          ImageUri: IMAGE,
          ContainerEntrypoint: ['node', '/app/main.js', 'evaluate'],
          ContainerArguments: ['--accuracy', { Get: 'Parameters.FakeAccuracy' }],
        },
        RoleArn: ROLE,
        ProcessingInputs: [
          {
            InputName: 'model',
            S3Input: {
              S3Uri: { Get: 'Steps.Train.ModelArtifacts.S3ModelArtifacts' },
              LocalPath: '/opt/ml/processing/input/model',
              S3DataType: 'S3Prefix',
              S3InputMode: 'File',
              S3DataDistributionType: 'FullyReplicated',
            },
          },
        ],
        ProcessingOutputConfig: {
          Outputs: [
            {
              OutputName: 'evaluation',
              S3Output: {
                S3Uri: join('s3://bucket/pipeline', execution, 'evaluation'),
                LocalPath: '/opt/ml/processing/output/evaluation',
                S3UploadMode: 'EndOfJob',
              },
            },
          ],
        },
        Environment: environment,
      },
      PropertyFiles: [{ PropertyFileName: 'EvaluationReport', OutputName: 'evaluation', FilePath: 'evaluation.json' }],
    },
    {
      Name: 'CheckAccuracy',
      Type: 'Condition',
      Arguments: {
        Conditions: [
          {
            Type: 'GreaterThanOrEqualTo',
            LeftValue: {
              'Std:JsonGet': { PropertyFile: { Get: 'Steps.Evaluate.PropertyFiles.EvaluationReport' }, Path: 'metrics.accuracy.value' },
            },
            RightValue: { Get: 'Parameters.AccuracyThreshold' },
          },
        ],
        IfSteps: [register('RegisterApproved', 'Approved')],
        ElseSteps: [register('RegisterPending', 'PendingManualApproval')],
      },
    },
  ];
  return {
    Version: '2020-12-01',
    Metadata: {},
    Parameters: [
      { Name: 'InputData', Type: 'String', DefaultValue: 's3://bucket/raw' },
      { Name: 'Epochs', Type: 'Integer', DefaultValue: 2 },
      { Name: 'FakeAccuracy', Type: 'Float', DefaultValue: 0.9 },
      { Name: 'AccuracyThreshold', Type: 'Float', DefaultValue: 0.85 },
      { Name: 'ModelGroup', Type: 'String', DefaultValue: 'triage-chest' },
    ],
    Steps: options.preprocessOnly ? [preprocess] : [preprocess, ...rest],
  };
}

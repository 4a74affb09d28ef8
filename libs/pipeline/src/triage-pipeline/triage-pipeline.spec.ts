import { compilePipeline, serializePipelineDefinition } from '../compile/compile-pipeline';
import type {
  ConditionStepJson,
  ProcessingStepJson,
  RegisterModelStepJson,
  TrainingStepJson,
} from '../definition/pipeline-definition-json';
import { triagePipeline } from './triage-pipeline';

const compiled = () => compilePipeline(triagePipeline());
const step = <T>(name: string) => compiled().Steps.find((s) => s.Name === name) as T;
const condition = () => step<ConditionStepJson>('CheckAccuracy');
const output = (s: string, o: string) => ({ Get: `Steps.${s}.ProcessingOutputConfig.Outputs['${o}'].S3Output.S3Uri` });

describe('the triage pipeline, compiled', () => {
  it('has the four top-level steps in order, and one RegisterModel step in each branch', () => {
    expect(compiled().Steps.map((s) => [s.Name, s.Type])).toEqual([
      ['Preprocess', 'Processing'],
      ['Train', 'Training'],
      ['Evaluate', 'Processing'],
      ['CheckAccuracy', 'Condition'],
    ]);
    const branch = (steps: ConditionStepJson['Arguments']['IfSteps']) =>
      steps.map((s) => [s.Name, s.Type, (s as RegisterModelStepJson).Arguments.ModelApprovalStatus]);
    expect(branch(condition().Arguments.IfSteps)).toEqual([['RegisterApproved', 'RegisterModel', 'Approved']]);
    expect(branch(condition().Arguments.ElseSteps)).toEqual([['RegisterPending', 'RegisterModel', 'PendingManualApproval']]);
  });

  it('approves when evaluation.json accuracy >= AccuracyThreshold', () => {
    expect(condition().Arguments.Conditions).toEqual([
      {
        Type: 'GreaterThanOrEqualTo',
        LeftValue: {
          'Std:JsonGet': {
            PropertyFile: { Get: 'Steps.Evaluate.PropertyFiles.EvaluationReport' },
            Path: 'binary_classification_metrics.accuracy.value',
          },
        },
        RightValue: { Get: 'Parameters.AccuracyThreshold' },
      },
    ]);
    expect(step<ProcessingStepJson>('Evaluate').PropertyFiles).toEqual([
      { PropertyFileName: 'EvaluationReport', OutputName: 'evaluation', FilePath: 'evaluation.json' },
    ]);
  });

  it('declares the parameters with their defaults', () => {
    expect(compiled().Parameters).toEqual([
      { Name: 'InputDataUri', Type: 'String', DefaultValue: 's3://triage-datasets/exports/latest/' },
      { Name: 'ModelPackageGroupName', Type: 'String', DefaultValue: 'triage-chest-xray' },
      { Name: 'AccuracyThreshold', Type: 'Float', DefaultValue: 0.85 },
      { Name: 'ProcessingImageUri', Type: 'String', DefaultValue: 'triage-training:latest' },
      { Name: 'TrainingImageUri', Type: 'String', DefaultValue: 'triage-training:latest' },
      { Name: 'InferenceImageUri', Type: 'String', DefaultValue: 'triage-training:latest' },
      { Name: 'ProcessingInstanceType', Type: 'String', DefaultValue: 'ml.m5.xlarge' },
      { Name: 'ProcessingInstanceCount', Type: 'Integer', DefaultValue: 1 },
      { Name: 'TrainingInstanceType', Type: 'String', DefaultValue: 'ml.g4dn.xlarge' },
      { Name: 'TrainingInstanceCount', Type: 'Integer', DefaultValue: 1 },
      { Name: 'Architecture', Type: 'String', DefaultValue: 'resnet50' },
      { Name: 'Epochs', Type: 'Integer', DefaultValue: 20 },
      { Name: 'BatchSize', Type: 'Integer', DefaultValue: 32 },
      { Name: 'LearningRate', Type: 'Float', DefaultValue: 0.001 },
      { Name: 'Seed', Type: 'Integer', DefaultValue: 42 },
      { Name: 'Patience', Type: 'Integer', DefaultValue: 5 },
      { Name: 'SplitKey', Type: 'String', DefaultValue: 'triage-split-v1' },
    ]);
  });

  it('runs the training image: preprocess and evaluate by entry point, train as SageMaker runs a training image', () => {
    expect(step<ProcessingStepJson>('Preprocess').Arguments.AppSpecification).toEqual({
      ImageUri: { Get: 'Parameters.ProcessingImageUri' },
      ContainerEntrypoint: ['node', '/opt/triage/training/main.js', 'preprocess'],
    });
    expect(step<ProcessingStepJson>('Evaluate').Arguments.AppSpecification.ContainerEntrypoint).toEqual([
      'node',
      '/opt/triage/training/main.js',
      'evaluate',
    ]);
    expect(step<TrainingStepJson>('Train').Arguments.AlgorithmSpecification).toEqual({
      TrainingImage: { Get: 'Parameters.TrainingImageUri' },
      TrainingInputMode: 'File',
      MetricDefinitions: [
        { Name: 'train:loss', Regex: '"phase":"epoch".*?"loss":([0-9.eE+-]+)' },
        { Name: 'validation:accuracy', Regex: '"phase":"epoch".*?"valAccuracy":([0-9.eE+-]+)' },
      ],
    });
  });

  it('wires the data: dataset -> splits -> channels -> model, test split and curves -> evaluation', () => {
    const inputs = (s: string) =>
      step<ProcessingStepJson>(s).Arguments.ProcessingInputs?.map((i) => [i.InputName, i.S3Input.S3Uri, i.S3Input.LocalPath]);
    const outputs = (s: string) =>
      step<ProcessingStepJson>(s).Arguments.ProcessingOutputConfig?.Outputs.map((o) => [
        o.OutputName,
        o.S3Output.LocalPath,
        o.S3Output.S3Uri,
      ]);
    expect(inputs('Preprocess')).toEqual([['dataset', { Get: 'Parameters.InputDataUri' }, '/opt/ml/processing/input/dataset']]);
    expect(outputs('Preprocess')).toEqual(
      ['train', 'validation', 'test', 'snapshot'].map((o) => [
        o,
        `/opt/ml/processing/output/${o}`,
        `s3://triage-pipeline-artifacts/triage-model/Preprocess/${o}`,
      ]),
    );
    expect(step<TrainingStepJson>('Train').Arguments.InputDataConfig.map((c) => [c.ChannelName, c.DataSource.S3DataSource.S3Uri])).toEqual([
      ['train', output('Preprocess', 'train')],
      ['validation', output('Preprocess', 'validation')],
    ]);
    expect(inputs('Evaluate')).toEqual([
      ['model', { Get: 'Steps.Train.ModelArtifacts.S3ModelArtifacts' }, '/opt/ml/processing/input/model'],
      ['test', output('Preprocess', 'test'), '/opt/ml/processing/input/test'],
      [
        'curves',
        {
          'Std:Join': {
            On: '/',
            Values: [
              { Get: 'Steps.Train.OutputDataConfig.S3OutputPath' },
              { Get: 'Steps.Train.TrainingJobName' },
              'output',
              'output.tar.gz',
            ],
          },
        },
        '/opt/ml/processing/input/curves',
      ],
    ]);
    expect(outputs('Evaluate')).toEqual([
      [
        'evaluation',
        '/opt/ml/processing/output/evaluation',
        {
          'Std:Join': {
            On: '/',
            Values: ['s3://triage-pipeline-artifacts/triage-model/Evaluate', { Get: 'Execution.PipelineExecutionId' }, 'evaluation'],
          },
        },
      ],
    ]);
  });

  it('trains with the parameters as string hyperparameters, a stopping condition and per-execution checkpoints', () => {
    const args = step<TrainingStepJson>('Train').Arguments;
    const asString = (name: string) => ({ 'Std:Join': { On: '', Values: [{ Get: `Parameters.${name}` }] } });
    expect(args.HyperParameters).toEqual({
      architecture: { Get: 'Parameters.Architecture' },
      epochs: asString('Epochs'),
      'batch-size': asString('BatchSize'),
      'learning-rate': asString('LearningRate'),
      seed: asString('Seed'),
      patience: asString('Patience'),
    });
    expect(args.OutputDataConfig).toEqual({ S3OutputPath: 's3://triage-pipeline-artifacts/triage-model/Train' });
    expect(args.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 86400 });
    expect(args.ResourceConfig).toEqual({
      InstanceType: { Get: 'Parameters.TrainingInstanceType' },
      InstanceCount: { Get: 'Parameters.TrainingInstanceCount' },
      VolumeSizeInGB: 50,
    });
    expect(args.CheckpointConfig).toEqual({
      S3Uri: {
        'Std:Join': {
          On: '/',
          Values: ['s3://triage-pipeline-artifacts/triage-model/Train/checkpoints', { Get: 'Execution.PipelineExecutionId' }],
        },
      },
      LocalPath: '/opt/ml/checkpoints',
    });
  });

  it('registers the trained model with its evaluation.json as model-quality statistics', () => {
    const args = (condition().Arguments.IfSteps[0] as RegisterModelStepJson).Arguments;
    expect(args.ModelPackageGroupName).toEqual({ Get: 'Parameters.ModelPackageGroupName' });
    expect(args.InferenceSpecification.Containers).toEqual([
      { Image: { Get: 'Parameters.InferenceImageUri' }, ModelDataUrl: { Get: 'Steps.Train.ModelArtifacts.S3ModelArtifacts' } },
    ]);
    expect(args.ModelMetrics).toEqual({
      ModelQuality: {
        Statistics: {
          ContentType: 'application/json',
          S3Uri: { 'Std:Join': { On: '/', Values: [output('Evaluate', 'evaluation'), 'evaluation.json'] } },
        },
      },
    });
    const { ModelApprovalStatus: _a, ModelPackageDescription: _d, ...approved } = args;
    const {
      ModelApprovalStatus: _p,
      ModelPackageDescription: _e,
      ...pending
    } = (condition().Arguments.ElseSteps[0] as RegisterModelStepJson).Arguments;
    expect(pending).toEqual(approved);
  });

  it('caches the jobs for 30 days and retries SageMaker transient failures with backoff', () => {
    const jobs = ['Preprocess', 'Train', 'Evaluate'].map((name) => step<ProcessingStepJson | TrainingStepJson>(name));
    expect(jobs.map((s) => s.CacheConfig)).toEqual([
      { Enabled: true, ExpireAfter: 'P30D' },
      { Enabled: true, ExpireAfter: 'P30D' },
      { Enabled: true, ExpireAfter: 'P30D' },
    ]);
    const policies = [
      { ExceptionType: ['Step.SERVICE_FAULT', 'Step.THROTTLING'], IntervalSeconds: 10, BackoffRate: 2, MaxAttempts: 5 },
      { ExceptionType: ['SageMaker.JOB_INTERNAL_ERROR', 'SageMaker.CAPACITY_ERROR'], IntervalSeconds: 60, BackoffRate: 2, MaxAttempts: 3 },
    ];
    expect(jobs.map((s) => s.RetryPolicies)).toEqual([policies, policies, policies]);
    expect((condition().Arguments.IfSteps[0] as RegisterModelStepJson).RetryPolicies).toEqual([policies[0]]);
  });

  it('records the execution as an experiment trial unless asked not to', () => {
    expect(compiled().PipelineExperimentConfig).toEqual({
      ExperimentName: { Get: 'Execution.PipelineName' },
      TrialName: { Get: 'Execution.PipelineExecutionId' },
    });
    expect(Object.keys(compilePipeline(triagePipeline({ experimentConfig: false })))).toEqual([
      'Version',
      'Metadata',
      'Parameters',
      'Steps',
    ]);
  });

  it('takes other defaults and another artifacts prefix', () => {
    const json = compilePipeline(
      triagePipeline({
        defaults: { Architecture: 'small', ProcessingInstanceType: 'local' },
        artifactsUri: 's3://local/runs/',
        roleArn: 'arn:aws:iam::1:role/x',
      }),
    );
    const defaults = Object.fromEntries(json.Parameters.map((p) => [p.Name, p.DefaultValue]));
    expect([defaults['Architecture'], defaults['ProcessingInstanceType'], defaults['AccuracyThreshold']]).toEqual(['small', 'local', 0.85]);
    const train = json.Steps[1] as TrainingStepJson;
    expect([train.Arguments.OutputDataConfig.S3OutputPath, train.Arguments.RoleArn]).toEqual([
      's3://local/runs/Train',
      'arn:aws:iam::1:role/x',
    ]);
  });

  it('compiles to byte-identical JSON every time', () => {
    const texts = [1, 2, 3].map(() => serializePipelineDefinition(compilePipeline(triagePipeline())));
    expect(new Set(texts).size).toBe(1);
    expect(texts[0]?.endsWith('}\n')).toBe(true);
  });
});

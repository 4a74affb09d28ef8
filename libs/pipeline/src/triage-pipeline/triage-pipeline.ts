import { ExecutionVariables, join } from '../definition/expressions';
import { compare, ConditionStep } from '../definition/condition-step';
import { floatParameter, integerParameter, stringParameter } from '../definition/parameters';
import type { PipelineDefinition } from '../definition/pipeline';
import type { RetryPolicyJson } from '../definition/pipeline-definition-json';
import { ProcessingStep } from '../definition/processing-step';
import { PropertyFile } from '../definition/property-file';
import { RegisterModelStep } from '../definition/register-model-step';
import { cacheConfig, retryPolicy } from '../definition/step-settings';
import { TrainingStep } from '../definition/training-step';
import { ACCURACY_JSON_PATH, EVALUATION_REPORT_FILE } from './evaluation-report';

/** Where the training image keeps its entry point (`main.js preprocess|train|evaluate`). */
export const TRAINING_ENTRY_POINT = '/opt/triage/training/main.js';

/** The triage pipeline's step names. */
export const TriageStepNames = {
  preprocess: 'Preprocess',
  train: 'Train',
  evaluate: 'Evaluate',
  checkAccuracy: 'CheckAccuracy',
  registerApproved: 'RegisterApproved',
  registerPending: 'RegisterPending',
} as const;

export interface TriagePipelineOptions {
  /** CreatePipeline's PipelineName. */
  pipelineName?: string;
  /** The execution role every job runs as (a literal: SageMaker passes it when it starts each job). */
  roleArn?: string;
  /**
   * The S3 prefix the steps write under (`<prefix>/<Step>/<output>`), fixed at compile time so that a step's
   * arguments, and so its cache key, stay the same across executions.
   */
  artifactsUri?: string;
  /** Defaults of the runtime parameters (each can be overridden per execution). */
  defaults?: Partial<TriagePipelineDefaults>;
  /** Record the execution as a SageMaker Experiments trial (the SDK's default; the published schema predates it). */
  experimentConfig?: boolean;
}

/** The defaults of the triage pipeline's runtime parameters. */
export interface TriagePipelineDefaults {
  InputDataUri: string;
  ModelPackageGroupName: string;
  AccuracyThreshold: number;
  ProcessingImageUri: string;
  TrainingImageUri: string;
  InferenceImageUri: string;
  ProcessingInstanceType: string;
  ProcessingInstanceCount: number;
  TrainingInstanceType: string;
  TrainingInstanceCount: number;
  Architecture: string;
  Epochs: number;
  BatchSize: number;
  LearningRate: number;
  Seed: number;
  Patience: number;
  SplitKey: string;
}

/** The AWS defaults: the instance types of the AWS guide (CPU processing, one T4 GPU for training). */
export const TRIAGE_PIPELINE_DEFAULTS: TriagePipelineDefaults = {
  InputDataUri: 's3://triage-datasets/exports/latest/',
  ModelPackageGroupName: 'triage-chest-xray',
  AccuracyThreshold: 0.85,
  ProcessingImageUri: 'triage-training:latest',
  TrainingImageUri: 'triage-training:latest',
  InferenceImageUri: 'triage-training:latest',
  ProcessingInstanceType: 'ml.m5.xlarge',
  ProcessingInstanceCount: 1,
  TrainingInstanceType: 'ml.g4dn.xlarge',
  TrainingInstanceCount: 1,
  Architecture: 'resnet50',
  Epochs: 20,
  BatchSize: 32,
  LearningRate: 0.001,
  Seed: 42,
  Patience: 5,
  SplitKey: 'triage-split-v1',
};

/** SageMaker's transient failures, retried with backoff: throttling and service faults, lost capacity, internal job errors. */
export const TRIAGE_RETRY_POLICIES: readonly RetryPolicyJson[] = [
  retryPolicy({ exceptionTypes: ['Step.SERVICE_FAULT', 'Step.THROTTLING'], intervalSeconds: 10, backoffRate: 2, maxAttempts: 5 }),
  retryPolicy({
    exceptionTypes: ['SageMaker.JOB_INTERNAL_ERROR', 'SageMaker.CAPACITY_ERROR'],
    intervalSeconds: 60,
    backoffRate: 2,
    maxAttempts: 3,
  }),
];

/** Cached results are reused for 30 days when a step's arguments are unchanged. */
const CACHE = cacheConfig('P30D');

/**
 * THE triage pipeline: Preprocess (split by patient) -> Train -> Evaluate (evaluation.json) -> CheckAccuracy,
 * registering the model Approved when its test accuracy clears AccuracyThreshold, PendingManualApproval otherwise.
 */
export function triagePipeline(options: TriagePipelineOptions = {}): PipelineDefinition {
  const d = { ...TRIAGE_PIPELINE_DEFAULTS, ...options.defaults };
  const roleArn = options.roleArn ?? 'arn:aws:iam::000000000000:role/triage-pipeline-execution';
  const artifacts = (options.artifactsUri ?? 's3://triage-pipeline-artifacts/triage-model').replace(/\/+$/, '');
  const S = TriageStepNames;

  const p = {
    inputDataUri: stringParameter('InputDataUri', d.InputDataUri),
    modelPackageGroupName: stringParameter('ModelPackageGroupName', d.ModelPackageGroupName),
    accuracyThreshold: floatParameter('AccuracyThreshold', d.AccuracyThreshold),
    processingImageUri: stringParameter('ProcessingImageUri', d.ProcessingImageUri),
    trainingImageUri: stringParameter('TrainingImageUri', d.TrainingImageUri),
    inferenceImageUri: stringParameter('InferenceImageUri', d.InferenceImageUri),
    processingInstanceType: stringParameter('ProcessingInstanceType', d.ProcessingInstanceType),
    processingInstanceCount: integerParameter('ProcessingInstanceCount', d.ProcessingInstanceCount),
    trainingInstanceType: stringParameter('TrainingInstanceType', d.TrainingInstanceType),
    trainingInstanceCount: integerParameter('TrainingInstanceCount', d.TrainingInstanceCount),
    architecture: stringParameter('Architecture', d.Architecture),
    epochs: integerParameter('Epochs', d.Epochs),
    batchSize: integerParameter('BatchSize', d.BatchSize),
    learningRate: floatParameter('LearningRate', d.LearningRate),
    seed: integerParameter('Seed', d.Seed),
    // Early stopping: epochs without a better validation loss before training stops and keeps the best weights.
    patience: integerParameter('Patience', d.Patience),
    splitKey: stringParameter('SplitKey', d.SplitKey),
  };

  const processing = {
    imageUri: p.processingImageUri.ref,
    roleArn,
    instanceType: p.processingInstanceType.ref,
    instanceCount: p.processingInstanceCount.ref,
    volumeSizeInGb: 30,
    maxRuntimeSeconds: 3600,
    cache: CACHE,
    retryPolicies: [...TRIAGE_RETRY_POLICIES],
  };

  const preprocess = new ProcessingStep(S.preprocess, {
    ...processing,
    description: 'De-identify, window, resize and normalise; split 70/15/15 by a keyed hash of the PatientID; record the dataset snapshot.',
    entrypoint: ['node', TRAINING_ENTRY_POINT, 'preprocess'],
    inputs: [{ name: 'dataset', source: p.inputDataUri.ref, destination: '/opt/ml/processing/input/dataset' }],
    outputs: ['train', 'validation', 'test', 'snapshot'].map((name) => ({
      name,
      source: `/opt/ml/processing/output/${name}`,
      destination: `${artifacts}/${S.preprocess}/${name}`,
    })),
    environment: {
      TRIAGE_ARCHITECTURE: p.architecture.ref,
      TRIAGE_SEED: p.seed.asString(),
      TRIAGE_SPLIT_KEY: p.splitKey.ref,
    },
  });

  const train = new TrainingStep(S.train, {
    description: 'Train the classifier (train runs the image with `train`); curves go to /opt/ml/output/data.',
    imageUri: p.trainingImageUri.ref,
    roleArn,
    instanceType: p.trainingInstanceType.ref,
    instanceCount: p.trainingInstanceCount.ref,
    volumeSizeInGb: 50,
    channels: [
      { name: 'train', source: preprocess.output('train') },
      { name: 'validation', source: preprocess.output('validation') },
    ],
    outputPath: `${artifacts}/${S.train}`,
    hyperParameters: {
      architecture: p.architecture.ref,
      epochs: p.epochs.asString(),
      'batch-size': p.batchSize.asString(),
      'learning-rate': p.learningRate.asString(),
      seed: p.seed.asString(),
      patience: p.patience.asString(),
    },
    maxRuntimeSeconds: 86400,
    // Per execution: a retrain never resumes from another execution's checkpoints.
    checkpointS3Uri: join('/', [`${artifacts}/${S.train}/checkpoints`, ExecutionVariables.pipelineExecutionId]),
    metricDefinitions: [
      { Name: 'train:loss', Regex: '"phase":"epoch".*?"loss":([0-9.eE+-]+)' },
      { Name: 'validation:accuracy', Regex: '"phase":"epoch".*?"valAccuracy":([0-9.eE+-]+)' },
    ],
    cache: CACHE,
    retryPolicies: [...TRIAGE_RETRY_POLICIES],
  });

  const evaluationReport = new PropertyFile('EvaluationReport', 'evaluation', EVALUATION_REPORT_FILE);
  const evaluate = new ProcessingStep(S.evaluate, {
    ...processing,
    description: 'Score the test split: evaluation.json (metrics with bootstrap 95 % intervals) and an HTML report.',
    entrypoint: ['node', TRAINING_ENTRY_POINT, 'evaluate'],
    inputs: [
      { name: 'model', source: train.modelArtifacts, destination: '/opt/ml/processing/input/model' },
      { name: 'test', source: preprocess.output('test'), destination: '/opt/ml/processing/input/test' },
      {
        name: 'curves',
        source: join('/', [train.outputPath, train.jobName, 'output', 'output.tar.gz']),
        destination: '/opt/ml/processing/input/curves',
      },
    ],
    // Per execution: the registered version's ModelMetrics keep pointing at its own report.
    outputs: [
      {
        name: 'evaluation',
        source: '/opt/ml/processing/output/evaluation',
        destination: join('/', [`${artifacts}/${S.evaluate}`, ExecutionVariables.pipelineExecutionId, 'evaluation']),
      },
    ],
    propertyFiles: [evaluationReport],
  });

  const register = (name: string, approvalStatus: 'Approved' | 'PendingManualApproval') =>
    new RegisterModelStep(name, {
      modelPackageGroupName: p.modelPackageGroupName.ref,
      approvalStatus,
      modelPackageDescription: `Triage classifier (${approvalStatus === 'Approved' ? 'test accuracy cleared the threshold' : 'below the threshold: needs a review'})`,
      imageUri: p.inferenceImageUri.ref,
      modelDataUrl: train.modelArtifacts,
      contentTypes: ['application/dicom', 'image/png'],
      responseTypes: ['application/json'],
      realtimeInstanceTypes: ['ml.m5.xlarge', 'ml.g4dn.xlarge'],
      transformInstanceTypes: ['ml.m5.xlarge'],
      modelQualityStatistics: {
        s3Uri: join('/', [evaluate.output('evaluation'), EVALUATION_REPORT_FILE]),
        contentType: 'application/json',
      },
      retryPolicies: TRIAGE_RETRY_POLICIES.slice(0, 1),
    });

  const checkAccuracy = new ConditionStep(S.checkAccuracy, {
    conditions: [compare('GreaterThanOrEqualTo', evaluate.jsonGet(evaluationReport, ACCURACY_JSON_PATH), p.accuracyThreshold.ref)],
    ifSteps: [register(S.registerApproved, 'Approved')],
    elseSteps: [register(S.registerPending, 'PendingManualApproval')],
  });

  return {
    name: options.pipelineName ?? 'triage-model',
    parameters: Object.values(p),
    steps: [preprocess, train, evaluate, checkAccuracy],
    metadata: {},
    ...(options.experimentConfig === false
      ? {}
      : { experimentConfig: { ExperimentName: ExecutionVariables.pipelineName, TrialName: ExecutionVariables.pipelineExecutionId } }),
  };
}

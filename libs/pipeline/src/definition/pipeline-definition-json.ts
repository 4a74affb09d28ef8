/**
 * The SageMaker pipeline definition JSON (CreatePipeline's PipelineDefinition), typed as the SageMaker Python SDK
 * emits it. `compilePipeline` writes it; the local runner parses and executes it; the same JSON deploys unchanged.
 */

/** The only version SageMaker accepts. */
export const PIPELINE_DEFINITION_VERSION = '2020-12-01';

/**
 * A reference resolved at execution time. Paths the triage pipeline uses:
 * `Parameters.<Name>`, `Execution.PipelineExecutionId`, `Execution.PipelineName`,
 * `Steps.<Step>.ProcessingOutputConfig.Outputs['<output>'].S3Output.S3Uri`,
 * `Steps.<Step>.ModelArtifacts.S3ModelArtifacts`, `Steps.<Step>.OutputDataConfig.S3OutputPath`,
 * `Steps.<Step>.TrainingJobName`, `Steps.<Step>.PropertyFiles.<PropertyFileName>` (only inside `Std:JsonGet`).
 */
export interface GetExpression {
  Get: string;
}

/** String concatenation of the values (expressions resolved first) with `On` between them. */
export interface JoinExpression {
  'Std:Join': { On: string; Values: ValueJson[] };
}

/** A value read from a step's property file (a JSON file in one of its processing outputs), at a JSONPath-like `Path`. */
export interface JsonGetExpression {
  'Std:JsonGet': { PropertyFile: GetExpression; Path: string };
}

export type ExpressionJson = GetExpression | JoinExpression | JsonGetExpression;
export type PrimitiveJson = string | number | boolean;
/** A literal or an expression; `T` narrows the literal. */
export type ValueJson<T extends PrimitiveJson = PrimitiveJson> = T | ExpressionJson;

/** True when the value is `{ Get: ... }`. */
export function isGetExpression(value: unknown): value is GetExpression {
  return typeof value === 'object' && value !== null && typeof (value as GetExpression).Get === 'string';
}

/** True when the value is `{ 'Std:Join': ... }`. */
export function isJoinExpression(value: unknown): value is JoinExpression {
  return typeof value === 'object' && value !== null && 'Std:Join' in value;
}

/** True when the value is `{ 'Std:JsonGet': ... }`. */
export function isJsonGetExpression(value: unknown): value is JsonGetExpression {
  return typeof value === 'object' && value !== null && 'Std:JsonGet' in value;
}

// ---- Parameters ----------------------------------------------------------------------------------------------

export type ParameterTypeJson = 'String' | 'Integer' | 'Float' | 'Boolean';

export interface StringParameterJson {
  Name: string;
  Type: 'String';
  DefaultValue?: string;
}
export interface IntegerParameterJson {
  Name: string;
  Type: 'Integer';
  DefaultValue?: number;
}
export interface FloatParameterJson {
  Name: string;
  Type: 'Float';
  DefaultValue?: number;
}
export interface BooleanParameterJson {
  Name: string;
  Type: 'Boolean';
  DefaultValue?: boolean;
}
export type ParameterJson = StringParameterJson | IntegerParameterJson | FloatParameterJson | BooleanParameterJson;

// ---- Step-level settings -------------------------------------------------------------------------------------

/** Step caching: an earlier successful run with the same arguments is reused within `ExpireAfter` (ISO 8601 duration). */
export interface CacheConfigJson {
  Enabled: boolean;
  ExpireAfter?: string;
}

export type StepExceptionTypeJson = 'Step.SERVICE_FAULT' | 'Step.THROTTLING';
export type SageMakerJobExceptionTypeJson = 'SageMaker.JOB_INTERNAL_ERROR' | 'SageMaker.CAPACITY_ERROR' | 'SageMaker.RESOURCE_LIMIT';

/** A retry policy: SageMaker's developer guide gives `ExceptionType` as a string array (the SDK emits one too). */
export interface RetryPolicyJson {
  ExceptionType: (StepExceptionTypeJson | SageMakerJobExceptionTypeJson)[];
  IntervalSeconds: number;
  BackoffRate: number;
  MaxAttempts?: number;
  ExpireAfterMin?: number;
}

/** A JSON file in a processing step's output, readable with `Std:JsonGet` once the step has run. */
export interface PropertyFileJson {
  PropertyFileName: string;
  OutputName: string;
  FilePath: string;
}

interface StepJsonBase {
  Name: string;
  DisplayName?: string;
  Description?: string;
  DependsOn?: string[];
}

// ---- Processing ----------------------------------------------------------------------------------------------

export interface ProcessingInputJson {
  InputName: string;
  AppManaged?: boolean;
  S3Input: {
    S3Uri: ValueJson<string>;
    LocalPath: string;
    S3DataType: 'S3Prefix' | 'ManifestFile';
    S3InputMode: 'File' | 'Pipe';
    S3DataDistributionType: 'FullyReplicated' | 'ShardedByS3Key';
    S3CompressionType?: 'None' | 'Gzip';
  };
}

export interface ProcessingOutputJson {
  OutputName: string;
  AppManaged?: boolean;
  S3Output: {
    S3Uri: ValueJson<string>;
    LocalPath: string;
    S3UploadMode: 'EndOfJob' | 'Continuous';
  };
}

export interface ClusterConfigJson {
  InstanceType: ValueJson<string>;
  InstanceCount: ValueJson<number>;
  VolumeSizeInGB: ValueJson<number>;
}

export interface ProcessingArgumentsJson {
  ProcessingResources: { ClusterConfig: ClusterConfigJson };
  AppSpecification: { ImageUri: ValueJson<string>; ContainerEntrypoint?: ValueJson<string>[]; ContainerArguments?: ValueJson<string>[] };
  RoleArn: ValueJson<string>;
  ProcessingInputs?: ProcessingInputJson[];
  ProcessingOutputConfig?: { Outputs: ProcessingOutputJson[]; KmsKeyId?: ValueJson<string> };
  Environment?: Record<string, ValueJson<string>>;
  StoppingCondition?: { MaxRuntimeInSeconds: ValueJson<number> };
}

export interface ProcessingStepJson extends StepJsonBase {
  Type: 'Processing';
  Arguments: ProcessingArgumentsJson;
  CacheConfig?: CacheConfigJson;
  RetryPolicies?: RetryPolicyJson[];
  PropertyFiles?: PropertyFileJson[];
}

// ---- Training ------------------------------------------------------------------------------------------------

export interface TrainingChannelJson {
  ChannelName: string;
  DataSource: {
    S3DataSource: {
      S3DataType: 'S3Prefix' | 'ManifestFile' | 'AugmentedManifestFile';
      S3Uri: ValueJson<string>;
      S3DataDistributionType: 'FullyReplicated' | 'ShardedByS3Key';
    };
  };
  ContentType?: string;
  InputMode?: 'File' | 'Pipe' | 'FastFile';
}

export interface MetricDefinitionJson {
  Name: string;
  Regex: string;
}

export interface TrainingArgumentsJson {
  AlgorithmSpecification: {
    TrainingImage: ValueJson<string>;
    TrainingInputMode: 'File' | 'Pipe' | 'FastFile';
    MetricDefinitions?: MetricDefinitionJson[];
  };
  OutputDataConfig: { S3OutputPath: ValueJson<string>; KmsKeyId?: ValueJson<string> };
  StoppingCondition: { MaxRuntimeInSeconds: ValueJson<number>; MaxWaitTimeInSeconds?: ValueJson<number> };
  ResourceConfig: { InstanceType: ValueJson<string>; InstanceCount: ValueJson<number>; VolumeSizeInGB: ValueJson<number> };
  RoleArn: ValueJson<string>;
  InputDataConfig: TrainingChannelJson[];
  /** SageMaker passes every hyperparameter to the container as a string (hyperparameters.json). */
  HyperParameters?: Record<string, ValueJson<string>>;
  CheckpointConfig?: { S3Uri: ValueJson<string>; LocalPath?: ValueJson<string> };
}

export interface TrainingStepJson extends StepJsonBase {
  Type: 'Training';
  Arguments: TrainingArgumentsJson;
  CacheConfig?: CacheConfigJson;
  RetryPolicies?: RetryPolicyJson[];
}

// ---- RegisterModel -------------------------------------------------------------------------------------------

export type ModelApprovalStatusJson = 'Approved' | 'Rejected' | 'PendingManualApproval';

export interface MetricsSourceJson {
  ContentType: ValueJson<string>;
  S3Uri: ValueJson<string>;
  ContentDigest?: ValueJson<string>;
}

export interface RegisterModelArgumentsJson {
  ModelPackageGroupName: ValueJson<string>;
  ModelApprovalStatus: ValueJson<ModelApprovalStatusJson>;
  ModelPackageDescription?: ValueJson<string>;
  InferenceSpecification: {
    Containers: { Image: ValueJson<string>; ModelDataUrl: ValueJson<string>; Environment?: Record<string, ValueJson<string>> }[];
    SupportedContentTypes: ValueJson<string>[];
    SupportedResponseMIMETypes: ValueJson<string>[];
    SupportedRealtimeInferenceInstanceTypes?: ValueJson<string>[];
    SupportedTransformInstanceTypes?: ValueJson<string>[];
  };
  ModelMetrics?: { ModelQuality?: { Statistics?: MetricsSourceJson; Constraints?: MetricsSourceJson } };
  CustomerMetadataProperties?: Record<string, ValueJson<string>>;
}

export interface RegisterModelStepJson extends StepJsonBase {
  Type: 'RegisterModel';
  Arguments: RegisterModelArgumentsJson;
  RetryPolicies?: RetryPolicyJson[];
}

// ---- Condition and Fail --------------------------------------------------------------------------------------

export type ComparisonTypeJson = 'Equals' | 'NotEquals' | 'GreaterThan' | 'GreaterThanOrEqualTo' | 'LessThan' | 'LessThanOrEqualTo';

export interface ComparisonConditionJson {
  Type: ComparisonTypeJson;
  LeftValue: ValueJson;
  RightValue: ValueJson;
}
export interface NotConditionJson {
  Type: 'Not';
  Expression: ConditionJson;
}
export interface OrConditionJson {
  Type: 'Or';
  Conditions: ConditionJson[];
}
export type ConditionJson = ComparisonConditionJson | NotConditionJson | OrConditionJson;

/** All `Conditions` true: the `IfSteps` run; otherwise the `ElseSteps`. The branch not taken never runs. */
export interface ConditionStepJson extends StepJsonBase {
  Type: 'Condition';
  Arguments: { Conditions: ConditionJson[]; IfSteps: StepJson[]; ElseSteps: StepJson[] };
}

/** Stops the execution as Failed with the message. */
export interface FailStepJson extends StepJsonBase {
  Type: 'Fail';
  Arguments: { ErrorMessage: ValueJson<string> };
}

export type StepJson = ProcessingStepJson | TrainingStepJson | RegisterModelStepJson | ConditionStepJson | FailStepJson;
export type StepTypeJson = StepJson['Type'];

// ---- The definition ------------------------------------------------------------------------------------------

export interface PipelineExperimentConfigJson {
  ExperimentName: ValueJson<string>;
  TrialName: ValueJson<string>;
}

export interface PipelineDefinitionJson {
  Version: typeof PIPELINE_DEFINITION_VERSION;
  Metadata: Record<string, string>;
  Parameters: ParameterJson[];
  /** Absent: SageMaker records no experiment (the published JSON schema has no such property; see the README). */
  PipelineExperimentConfig?: PipelineExperimentConfigJson;
  Steps: StepJson[];
}

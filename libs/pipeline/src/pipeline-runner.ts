import type { StepProgress } from './progress/progress';

/** `arn:aws:sagemaker:<region>:<account>:pipeline/<name>/execution/<id>` (locally region `local`, account 000000000000). */
export type PipelineExecutionArn = string & { readonly __brand?: 'PipelineExecutionArn' };
/** The last segment of an execution ARN. */
export type PipelineExecutionId = string & { readonly __brand?: 'PipelineExecutionId' };
/** A step's `Name` in the definition. */
export type StepName = string & { readonly __brand?: 'StepName' };

/** SageMaker's PipelineExecutionStatus. */
export type PipelineExecutionStatus = 'Executing' | 'Stopping' | 'Stopped' | 'Failed' | 'Succeeded';
/** SageMaker's StepStatus. */
export type StepStatus = 'Starting' | 'Executing' | 'Stopping' | 'Stopped' | 'Failed' | 'Succeeded';
/** The step types a definition may hold (SageMaker's `Type`). */
export type StepType = 'Processing' | 'Training' | 'Condition' | 'RegisterModel' | 'Fail';

/** A parameter as DescribePipelineExecution / ListPipelineParametersForExecution give it (values as strings). */
export interface PipelineParameter {
  Name: string;
  Value: string;
}

/** DescribePipelineExecution's answer, plus the definition's step names (so a status view can show steps not started yet). */
export interface PipelineExecution {
  PipelineArn: string;
  PipelineExecutionArn: PipelineExecutionArn;
  PipelineExecutionDisplayName?: string;
  PipelineExecutionDescription?: string;
  PipelineExecutionStatus: PipelineExecutionStatus;
  /** ISO 8601. */
  CreationTime: string;
  LastModifiedTime: string;
  FailureReason?: string;
  /** Who started it (token name or `cli`); SageMaker's CreatedBy.UserProfileName. */
  CreatedBy: string;
  PipelineParameters: PipelineParameter[];
  /** Every step of the definition, conditional branches included, in definition order. */
  StepNames: StepName[];
}

/** What SageMaker's ListPipelineExecutionSteps puts in a step's Metadata (only the parts a local run has). */
export interface PipelineExecutionStepMetadata {
  ProcessingJob?: { Arn: string };
  TrainingJob?: { Arn: string };
  Condition?: { Outcome: 'True' | 'False' };
  RegisterModel?: { Arn: string };
  Fail?: { ErrorMessage: string };
}

/** One step of an execution: SageMaker's PipelineExecutionStep plus the latest progress line and where its log is. */
export interface PipelineExecutionStep {
  StepName: StepName;
  StepType: StepType;
  StepStatus: StepStatus;
  StartTime?: string;
  EndTime?: string;
  FailureReason?: string;
  /** Set when the step was not run because an earlier execution's outputs were reused. */
  CacheHitResult?: { SourcePipelineExecutionArn: PipelineExecutionArn };
  /** Attempts made so far (1 on the first run). */
  AttemptCount: number;
  Metadata: PipelineExecutionStepMetadata;
  /** The step process's latest progress line (libs/pipeline progress), when it reported one. */
  Progress?: StepProgress;
  /** The current attempt's log (stdout and stderr), when the step runs a process. */
  Log?: { attempt: number; location: string };
}

/** StartPipelineExecution's input: the compiled definition itself (no second definition) and the overrides. */
export interface StartPipelineExecutionInput {
  /** The compiled SageMaker pipeline definition (JSON text or the parsed object). */
  definition: string | object;
  /** The pipeline's name (the ARN's `pipeline/<name>`). */
  pipelineName: string;
  /** Overrides of the definition's parameter defaults, by name. */
  parameters?: Record<string, string | number | boolean>;
  /** Who started it. */
  createdBy: string;
  displayName?: string;
  description?: string;
}

/** What a listing is narrowed to. */
export interface ListPipelineExecutionsInput {
  pipelineName?: string;
  /** Default 50. */
  limit?: number;
}

/** One attempt's log from a byte offset on: a stream (never read whole into memory) and whether more may come. */
export interface StepLogRead {
  attempt: number;
  /** The log's size when opened: the next read's `offset` once the stream has been read. */
  size: number;
  /** False while the attempt still runs (a follower polls again from `size`). */
  complete: boolean;
  stream: NodeJS.ReadableStream;
}

/** A change an execution went through: a step's status or progress, or the execution's status. */
export interface PipelineChange {
  execution: PipelineExecution;
  /** The step that changed, absent when only the execution did. */
  step?: PipelineExecutionStep;
}

/** Thrown by runner operations; `name` follows SageMaker's exceptions so the AWS implementation maps one to one. */
export class PipelineError extends Error {
  constructor(
    readonly code: 'ResourceNotFound' | 'ValidationException' | 'ConflictException',
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/**
 * The pipeline runner port, in SageMaker Pipelines' vocabulary (StartPipelineExecution,
 * DescribePipelineExecution, ListPipelineExecutions, ListPipelineExecutionSteps,
 * StopPipelineExecution), plus what a local run adds: each step's progress and log, and change
 * listeners for live status and events. Executions are named by ARN or by their id.
 */
export interface PipelineRunner {
  /** Starts an execution of the definition with the parameter overrides; answers once it is recorded (the steps run on). */
  startExecution(input: StartPipelineExecutionInput): Promise<PipelineExecution>;
  describeExecution(execution: PipelineExecutionArn | PipelineExecutionId): Promise<PipelineExecution>;
  /** Newest first. */
  listExecutions(input?: ListPipelineExecutionsInput): Promise<PipelineExecution[]>;
  /** The steps that started, in start order (SageMaker's SortOrder Ascending); steps not run are absent, as on SageMaker. */
  listExecutionSteps(execution: PipelineExecutionArn | PipelineExecutionId): Promise<PipelineExecutionStep[]>;
  /** One attempt's log (default the latest) from `offset` bytes on. */
  readStepLog(
    execution: PipelineExecutionArn | PipelineExecutionId,
    step: StepName,
    options?: { attempt?: number; offset?: number },
  ): Promise<StepLogRead>;
  /** Stops the running steps and the execution (Stopping, then Stopped); a finished execution is a ConflictException. */
  stopExecution(execution: PipelineExecutionArn | PipelineExecutionId): Promise<PipelineExecution>;
  /** Calls the listener on every change; returns the unsubscribe. */
  onChange(listener: (change: PipelineChange) => void): () => void;
  /** Stops every running step process and closes the store (executions left Executing resume on the next start). */
  close(): Promise<void>;
}

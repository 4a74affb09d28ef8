import { apiErrorOf } from '../../session/api-error';
import { sessionExpired } from '../../session/session';

export type ExecutionStatus = 'Executing' | 'Stopping' | 'Stopped' | 'Failed' | 'Succeeded';

/** An execution as `/api/pipelines/executions` answers it (SageMaker's DescribePipelineExecution). */
export interface Execution {
  PipelineExecutionArn: string;
  PipelineExecutionDisplayName?: string;
  PipelineExecutionStatus: ExecutionStatus;
  CreationTime: string;
  LastModifiedTime: string;
  FailureReason?: string;
  CreatedBy: string;
  StepNames: string[];
}

/** A step's latest progress line (libs/pipeline's StepProgress). */
export interface StepProgress {
  phase: string;
  done: number;
  total: number;
  message?: string;
  metrics?: Record<string, number>;
}

/** A step of an execution (ListPipelineExecutionSteps plus progress and the log's attempt). */
export interface ExecutionStep {
  StepName: string;
  StepType: 'Processing' | 'Training' | 'Condition' | 'RegisterModel' | 'Fail';
  StepStatus: 'Starting' | 'Executing' | 'Stopping' | 'Stopped' | 'Failed' | 'Succeeded';
  StartTime?: string;
  EndTime?: string;
  FailureReason?: string;
  CacheHitResult?: { SourcePipelineExecutionArn: string };
  AttemptCount: number;
  Metadata: {
    Condition?: { Outcome: 'True' | 'False' };
    RegisterModel?: { Arn: string };
    Fail?: { ErrorMessage: string };
  };
  Progress?: StepProgress;
  Log?: { attempt: number; location: string };
}

/** One epoch of the Train step (`GET .../training-curves`). */
export interface EpochPoint {
  epoch: number;
  loss?: number;
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
}

/** `GET /api/pipelines/executions/{id}/training-curves`. */
export interface TrainingCurves {
  step?: string;
  attempt?: number;
  complete: boolean;
  total?: number;
  epochs: EpochPoint[];
}

/** A piece of a step's log and where the next read starts. */
export interface LogChunk {
  text: string;
  attempt: number;
  /** The offset of the next read. */
  next: number;
  complete: boolean;
}

/** The execution id of an ARN (its last segment). */
export function executionId(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** Whether an execution may still change. */
export function isRunning(status: ExecutionStatus): boolean {
  return status === 'Executing' || status === 'Stopping';
}

/** Reads a step's log from `offset` (text/plain; the headers say the attempt, the next offset and whether it is complete). */
export async function readLog(id: string, step: string, offset: number, attempt?: number, signal?: AbortSignal): Promise<LogChunk> {
  const query = new URLSearchParams({ offset: String(offset) });
  if (attempt !== undefined) query.set('attempt', String(attempt));
  const response = await fetch(`/api/pipelines/executions/${encodeURIComponent(id)}/steps/${encodeURIComponent(step)}/log?${query}`, {
    credentials: 'same-origin',
    headers: { Accept: 'text/plain' },
    signal,
  });
  if (response.status === 401) sessionExpired();
  if (!response.ok) throw await apiErrorOf(response);
  const text = await response.text();
  return {
    text,
    attempt: Number(response.headers.get('x-log-attempt') ?? attempt ?? 1),
    next: Number(response.headers.get('x-log-size') ?? offset + new TextEncoder().encode(text).length),
    complete: response.headers.get('x-log-complete') === 'true',
  };
}

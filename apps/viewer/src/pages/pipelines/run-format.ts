import type { Execution, ExecutionStep, StepProgress } from './pipeline-api';

/** A duration in seconds, minutes or hours, to the second ("42 s", "3 min 05 s", "1 h 02 min"). */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** How long an execution ran (until now while it runs). */
export function executionDuration(
  e: Pick<Execution, 'CreationTime' | 'LastModifiedTime' | 'PipelineExecutionStatus'>,
  now = Date.now(),
): string {
  const end = e.PipelineExecutionStatus === 'Executing' || e.PipelineExecutionStatus === 'Stopping' ? now : Date.parse(e.LastModifiedTime);
  return formatDuration(end - Date.parse(e.CreationTime));
}

/** How long a step ran (until now while it runs); empty before it started. */
export function stepDuration(step: Pick<ExecutionStep, 'StartTime' | 'EndTime'>, now = Date.now()): string {
  if (!step.StartTime) return '';
  return formatDuration((step.EndTime ? Date.parse(step.EndTime) : now) - Date.parse(step.StartTime));
}

/** A progress line as text: "epoch 3/20 · loss 0.512" (the phase, done/total, its message). */
export function progressText(p: StepProgress): string {
  const parts = [`${p.phase} ${p.done}/${p.total}`];
  if (p.message) parts.push(p.message);
  const loss = p.metrics?.['loss'];
  if (typeof loss === 'number' && Number.isFinite(loss)) parts.push(`loss ${loss.toFixed(3)}`);
  return parts.join(' · ');
}

/** What the run decided about the model it trained. */
export type RunDecision =
  | { kind: 'running' }
  | { kind: 'failed'; reason: string }
  | { kind: 'stopped' }
  | { kind: 'approved' | 'pending'; modelPackageArn: string }
  | { kind: 'none' };

/**
 * The evaluation decision of a run from its steps: failed (with why), or the version its
 * RegisterModel step registered, approved when the accuracy condition held (the condition
 * routes to the Approved registration), pending manual approval when it did not.
 */
export function runDecision(
  execution: Pick<Execution, 'PipelineExecutionStatus' | 'FailureReason'>,
  steps: readonly ExecutionStep[],
): RunDecision {
  const status = execution.PipelineExecutionStatus;
  if (status === 'Executing' || status === 'Stopping') return { kind: 'running' };
  if (status === 'Stopped') return { kind: 'stopped' };
  const fail = steps.find((s) => s.StepType === 'Fail');
  if (status === 'Failed')
    return { kind: 'failed', reason: execution.FailureReason ?? fail?.Metadata.Fail?.ErrorMessage ?? 'the run failed' };
  const register = steps.find((s) => s.StepType === 'RegisterModel' && s.Metadata.RegisterModel?.Arn);
  const arn = register?.Metadata.RegisterModel?.Arn;
  if (!arn) return { kind: 'none' };
  const condition = steps.find((s) => s.StepType === 'Condition')?.Metadata.Condition?.Outcome;
  return { kind: condition === 'False' ? 'pending' : 'approved', modelPackageArn: arn };
}

import type { PipelineExecution, PipelineExecutionStep } from '@triage/pipeline';
import type { ApiTarget } from '../client/api-target';
import { progressBar } from '../commands/pipeline';
import { CliError } from '../support/cli-error';
import { describeExecution, executionId, listExecutions, sleep, type ExecutionWithSteps } from './demo-api';
import { say } from './stage-progress';

const ENDED = new Set(['Succeeded', 'Failed', 'Stopped']);

/**
 * Waits for the retraining trigger to start a run: the demo never starts one itself. A run that
 * does not appear within `timeoutMs` is the trigger not firing, said as such.
 */
export async function awaitTriggeredExecution(
  admin: ApiTarget,
  timeoutMs: number,
  why: string,
  apiEntry: string,
): Promise<PipelineExecution> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [latest] = await listExecutions(admin);
    if (latest) return latest;
    if (Date.now() > deadline)
      throw new CliError(
        `the trigger did not fire: no pipeline execution ${timeoutMs / 1000} s after ${why} (is the MLOps loop wired into the API that ran, ${apiEntry}? a stale bundle is rebuilt by npx nx build @triage/api)`,
      );
    await sleep(500);
  }
}

/**
 * Follows an execution until it ends: a line per step whenever its status or progress changes (the
 * Train step's epoch and loss among them). Resolves with the final state; a run that fails or is
 * stopped is an error with the steps' reasons.
 */
export async function followExecution(admin: ApiTarget, id: string, timeoutMs: number): Promise<ExecutionWithSteps> {
  const deadline = Date.now() + timeoutMs;
  const shown = new Map<string, string>();
  for (;;) {
    const state = await describeExecution(admin, id);
    for (const step of state.steps) {
      const key = changeKey(step, shown.get(step.StepName));
      if (shown.get(step.StepName) !== key) {
        shown.set(step.StepName, key);
        say(stepLine(step));
      }
    }
    const status = state.execution.PipelineExecutionStatus;
    if (ENDED.has(status)) {
      for (const name of state.execution.StepNames) if (!shown.has(name)) say(`      ${name.padEnd(16)} Not executed`);
      if (status === 'Succeeded') return state;
      const reasons = state.steps.filter((s) => s.FailureReason).map((s) => `${s.StepName}: ${s.FailureReason}`);
      throw new CliError(
        `pipeline execution ${id} ${status}${state.execution.FailureReason ? `: ${state.execution.FailureReason}` : ''}${reasons.length ? ` (${reasons.join('; ')})` : ''}`,
      );
    }
    if (Date.now() > deadline) throw new CliError(`pipeline execution ${id} still ${status} after ${timeoutMs / 1000} s`);
    await sleep(1000);
  }
}

/**
 * What must change for a step to get a new line: its status, each epoch, each tenth of another
 * phase. Per-batch progress keeps the last key: a line per batch would bury the epochs.
 */
function changeKey(step: PipelineExecutionStep, previous: string | undefined): string {
  const progress = step.StepStatus === 'Executing' ? step.Progress : undefined;
  if (progress?.phase === 'batch' && previous?.startsWith(`${step.StepStatus}|`)) return previous;
  const part = !progress
    ? ''
    : progress.phase === 'epoch'
      ? `epoch ${progress.done}`
      : `${progress.phase} ${progress.total > 0 ? Math.floor((progress.done * 10) / progress.total) : 0}`;
  return `${step.StepStatus}|${part}`;
}

/** `      Train            Executing   [#####---------------]  25% epoch 5/20 loss=0.412` */
function stepLine(step: PipelineExecutionStep): string {
  const detail =
    step.StepStatus === 'Executing' && step.Progress
      ? progressBar({ ...step.Progress, metrics: shownMetrics(step.Progress.metrics) })
      : step.Metadata.Condition
        ? `condition ${step.Metadata.Condition.Outcome}`
        : step.CacheHitResult
          ? `cached from ${executionId(step.CacheHitResult.SourcePipelineExecutionArn)}`
          : '';
  return `      ${step.StepName.padEnd(16)} ${step.StepStatus.padEnd(10)} ${detail}`.trimEnd();
}

/** The metrics worth a reader's eye (loss and accuracy, training and validation); the learning rate and timings stay in the log. */
function shownMetrics(metrics: Record<string, number> | undefined): Record<string, number> | undefined {
  if (!metrics) return undefined;
  return Object.fromEntries(Object.entries(metrics).filter(([name]) => /loss|accuracy/i.test(name)));
}

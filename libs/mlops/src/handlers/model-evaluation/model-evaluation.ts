import type { PIPELINE_EXECUTION_STATUS_CHANGE, TriageEvent } from '@triage/events';
import type { PipelineExecution, PipelineRunner } from '@triage/pipeline';
import type { ModelPackage, ModelRegistry } from '@triage/registry';
import type { MlopsConfig } from '../../config/mlops-config';
import type { HandlerTools } from '../handler-tools';
import type { TriggerState } from '../pipeline-trigger/trigger-state';
import type { EvaluationDecision, EvaluationRecord, EvaluationStore } from './evaluation-store';

/** What the model-evaluation handler is built from. */
export interface ModelEvaluationDeps {
  config: MlopsConfig;
  runner: PipelineRunner;
  registry: ModelRegistry;
  store: EvaluationStore;
  /** The trigger's state: a run that ended no longer holds the group's claim. */
  triggerState?: TriggerState;
}

type Terminal = EvaluationRecord['status'];
const TERMINAL = new Set<string>(['Succeeded', 'Failed', 'Stopped']);

/**
 * The model-evaluation handler core: on a pipeline execution's terminal status, records the run's outcome (the version it
 * registered, its accuracy, the decision) and frees the trigger for the next run. Idempotent: a redelivery writes the same record.
 */
export function modelEvaluation(deps: ModelEvaluationDeps) {
  return async (event: TriageEvent<typeof PIPELINE_EXECUTION_STATUS_CHANGE>, tools: HandlerTools): Promise<void> => {
    const status = event.detail.currentPipelineExecutionStatus;
    if (!TERMINAL.has(status)) return;
    const arn = event.detail.pipelineExecutionArn;
    const execution = await tools.trace('describeExecution', () => deps.runner.describeExecution(arn));
    if (!execution.PipelineArn.endsWith(`:pipeline/${deps.config.pipelineName}`)) {
      tools.logger.debug('not this loop’s pipeline', { pipelineArn: execution.PipelineArn });
      return;
    }
    const steps = await tools.trace('listExecutionSteps', () => deps.runner.listExecutionSteps(arn));
    const registered = steps.find((s) => s.Metadata.RegisterModel?.Arn)?.Metadata.RegisterModel?.Arn;
    const pkg = registered ? await tools.trace('describeModelPackage', () => deps.registry.describeModelPackage(registered)) : undefined;
    const record = recordOf(execution, status as Terminal, deps.config.pipelineName, pkg);
    await deps.store.put(record);
    await deps.triggerState?.runEnded(deps.config.modelPackageGroup, arn);
    tools.metrics.count(`Evaluations-${record.decision}`);
    tools.logger.info('pipeline run evaluated', { ...record });
  };
}

function recordOf(execution: PipelineExecution, status: Terminal, pipelineName: string, pkg: ModelPackage | undefined): EvaluationRecord {
  return {
    executionArn: execution.PipelineExecutionArn,
    pipelineName,
    status,
    decision: decisionOf(status, pkg),
    ...(pkg?.metrics.accuracy && { accuracy: pkg.metrics.accuracy.value }),
    ...(pkg && { modelPackageArn: pkg.arn, modelPackageVersion: pkg.version }),
    ...(execution.FailureReason !== undefined && { failureReason: execution.FailureReason }),
    endedAt: execution.LastModifiedTime,
  };
}

function decisionOf(status: Terminal, pkg: ModelPackage | undefined): EvaluationDecision {
  if (status === 'Stopped') return 'stopped';
  if (status === 'Failed') return 'failed';
  return pkg?.approvalStatus === 'Approved' ? 'approved' : 'pending-manual-approval';
}

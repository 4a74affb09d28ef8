import { PIPELINE_EXECUTION_STATUS_CHANGE, type TriageEventEntry } from '@triage/events';
import type { PipelineExecutionStatus } from '../../pipeline-runner';
import type { StoredExecution } from '../run-store';

const ENDED = new Set<PipelineExecutionStatus>(['Stopped', 'Failed', 'Succeeded']);

/**
 * `SageMaker Model Building Pipeline Execution Status Change`, as SageMaker sends it: the execution as it is after
 * the change, the status it had before (none at the start), its end time once it ended. Resources: the pipeline's
 * and the execution's ARNs. SageMaker sends no failure reason: a consumer describes the execution for it.
 */
export function executionStatusChange(
  execution: StoredExecution,
  previous: PipelineExecutionStatus | undefined,
): TriageEventEntry<typeof PIPELINE_EXECUTION_STATUS_CHANGE> {
  const status = execution.PipelineExecutionStatus;
  return {
    source: 'aws.sagemaker',
    'detail-type': PIPELINE_EXECUTION_STATUS_CHANGE,
    resources: [execution.PipelineArn, execution.PipelineExecutionArn],
    detail: {
      pipelineArn: execution.PipelineArn,
      pipelineExecutionArn: execution.PipelineExecutionArn,
      // SageMaker always has a display name (it makes one up); here the execution id stands in for a missing one.
      pipelineExecutionDisplayName: execution.PipelineExecutionDisplayName ?? execution.id,
      ...(execution.PipelineExecutionDescription !== undefined && { pipelineExecutionDescription: execution.PipelineExecutionDescription }),
      currentPipelineExecutionStatus: status,
      ...(previous !== undefined && { previousPipelineExecutionStatus: previous }),
      executionStartTime: execution.CreationTime,
      ...(ENDED.has(status) && { executionEndTime: execution.LastModifiedTime }),
    },
  };
}

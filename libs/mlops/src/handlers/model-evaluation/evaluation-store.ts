import type { PipelineExecutionArn } from '@triage/pipeline';
import type { ModelPackageArn } from '@triage/registry';

/** What the loop decided about one finished pipeline run. */
export type EvaluationDecision = 'approved' | 'pending-manual-approval' | 'failed' | 'stopped';

/** One finished run: its status, the version it registered and the decision (what the API and the pipelines page list). */
export interface EvaluationRecord {
  executionArn: PipelineExecutionArn;
  pipelineName: string;
  status: 'Succeeded' | 'Failed' | 'Stopped';
  decision: EvaluationDecision;
  /** Test accuracy of the registered version, when one was registered. */
  accuracy?: number;
  modelPackageArn?: ModelPackageArn;
  modelPackageVersion?: number;
  failureReason?: string;
  /** ISO 8601: when the run ended (the execution's LastModifiedTime). */
  endedAt: string;
}

/** The evaluations, durable: one record per execution (recording it again replaces it). */
export interface EvaluationStore {
  put(record: EvaluationRecord): Promise<void>;
  get(executionArn: PipelineExecutionArn): Promise<EvaluationRecord | undefined>;
  /** Newest ended first. */
  list(options?: { limit?: number }): Promise<EvaluationRecord[]>;
}

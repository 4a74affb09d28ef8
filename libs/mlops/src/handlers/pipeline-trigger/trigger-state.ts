import type { PipelineExecutionArn } from '@triage/pipeline';

/** A run this trigger claimed: recorded before StartPipelineExecution, so a second trigger at once sees it and starts nothing. */
export interface RunClaim {
  token: string;
  /** Set once StartPipelineExecution answered. */
  executionArn?: PipelineExecutionArn;
  /** ISO 8601. */
  claimedAt: string;
  /** Who or what started it (`trigger:labels`, `trigger:schedule`, a person). */
  startedBy: string;
}

/** What the trigger knows of a model group when it decides. */
export interface TriggerSnapshot {
  /** Verified labels recorded since the last run started. */
  newLabels: number;
  claim?: RunClaim;
  /** ISO 8601: when the last run was claimed, or when the group was first seen (the schedule counts from it). */
  lastRunAt: string;
}

/** The outcome of {@link TriggerState.claim}. */
export type ClaimOutcome = { claimed: true; claim: RunClaim } | { claimed: false; snapshot: TriggerSnapshot };

/**
 * The pipeline trigger's durable state per model group: the verified-label events counted (each once), the count since the
 * last run, and the run in flight. Every method is one atomic step, safe with several processes on the same state.
 */
export interface TriggerState {
  /** Counts a verified label once per event id; false when the event was counted before (a redelivery). */
  recordLabel(group: string, eventId: string): Promise<boolean>;
  snapshot(group: string): Promise<TriggerSnapshot>;
  /**
   * Atomically: when `decide(snapshot)` is true and no claim is held, records a claim (the label count restarts from here).
   * `decide` must be synchronous and pure; it runs inside the lock.
   */
  claim(group: string, startedBy: string, decide: (snapshot: TriggerSnapshot) => boolean): Promise<ClaimOutcome>;
  /** Records the execution a claim started. */
  started(group: string, token: string, executionArn: PipelineExecutionArn): Promise<void>;
  /** Undoes a claim whose start failed: the count is back where it was, and `eventId` (when given) may be counted again. */
  release(group: string, token: string, eventId?: string): Promise<void>;
  /** The run ended: its claim (if it is the one held) is cleared; the count keeps the labels that arrived after it started. */
  runEnded(group: string, executionArn: PipelineExecutionArn): Promise<void>;
}

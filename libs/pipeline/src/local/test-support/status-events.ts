import { PIPELINE_EXECUTION_STATUS_CHANGE, type LocalEventBus, type TriageEvent } from '@triage/events';

/** A status change as the specs' tables write it: current status, and the previous one when there was one. */
export interface SeenStatus {
  status: string;
  previous?: string;
  ended: boolean;
}

type StatusEvent = TriageEvent<typeof PIPELINE_EXECUTION_STATUS_CHANGE>;

/** Subscribes to the runner's status changes on a real bus; `of(arn)` gives one execution's, in delivery order. */
export function recordStatusEvents(bus: LocalEventBus): { events: StatusEvent[]; of(executionArn: string): SeenStatus[] } {
  const events: StatusEvent[] = [];
  bus.subscribe({ name: 'status-spec', detailTypes: [PIPELINE_EXECUTION_STATUS_CHANGE], handler: async (e) => void events.push(e) });
  return {
    events,
    of: (executionArn) =>
      events
        .filter((e) => e.detail.pipelineExecutionArn === executionArn)
        .map((e) => ({
          status: e.detail.currentPipelineExecutionStatus,
          ...(e.detail.previousPipelineExecutionStatus !== undefined && { previous: e.detail.previousPipelineExecutionStatus }),
          ended: e.detail.executionEndTime !== undefined,
        })),
  };
}

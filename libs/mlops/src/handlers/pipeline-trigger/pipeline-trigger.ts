import type { SCHEDULED_EVENT, TriageEvent } from '@triage/events';
import type { PipelineExecution, PipelineRunner } from '@triage/pipeline';
import type { MlopsConfig } from '../../config/mlops-config';
import { pipelineParameters } from '../../config/pipeline-parameters';
import type { HandlerTools } from '../handler-tools';
import { TriggerConflictError } from './trigger-conflict-error';
import type { TriggerSnapshot, TriggerState } from './trigger-state';

/** The statuses of an execution still in flight. */
const IN_FLIGHT = new Set(['Executing', 'Stopping']);
/** A claim never followed by a recorded execution (the process ended inside StartPipelineExecution) is let go after this. */
export const STALE_CLAIM_MS = 10 * 60_000;

/** What the trigger is built from. */
export interface PipelineTriggerDeps {
  config: MlopsConfig;
  runner: PipelineRunner;
  /** The compiled pipeline definition each run starts with. */
  definition: string | object;
  state: TriggerState;
  /** Runs before each start (the API's export of verified labels); what it returns is added to the parameters. */
  prepareRun?: () => Promise<Record<string, string | number | boolean> | void>;
  now?: () => Date;
}

/** The events the trigger handles. */
export type PipelineTriggerEvent = TriageEvent<'ImageVerified' | typeof SCHEDULED_EVENT>;

/** The pipeline-trigger handler core, and the start by hand that shares its lock. */
/** What a run by hand may set beyond the configured parameters (the API's POST /api/pipelines/executions body). */
export interface RunOverrides {
  parameters?: Record<string, string | number | boolean>;
  displayName?: string;
  description?: string;
}

export interface PipelineTrigger {
  /** ImageVerified: counts the label (once per event id), starts a run at minNewLabels. Scheduled Event: starts when due. */
  handle(event: PipelineTriggerEvent, tools: HandlerTools): Promise<void>;
  /** Starts a run now, whatever the count; a {@link TriggerConflictError} naming the run in flight when there is one. */
  startByHand(actor: { principal: string }, tools: HandlerTools, overrides?: RunOverrides): Promise<PipelineExecution>;
}

/**
 * The retraining policy: a run when minNewLabels verified labels arrived since the last run started, or on the schedule
 * when any did, or by hand; never two runs of the group at once (the claim is taken in the state's lock before
 * StartPipelineExecution, and a run in flight on the runner counts however it was started); a redelivered label counts once.
 */
export function pipelineTrigger(deps: PipelineTriggerDeps): PipelineTrigger {
  const { config, runner, state } = deps;
  const group = config.modelPackageGroup;
  const now = deps.now ?? (() => new Date());

  /** The execution in flight, clearing a claim whose run ended or whose start never finished. */
  async function inFlight(tools: HandlerTools): Promise<{ arn?: string } | undefined> {
    const { claim } = await state.snapshot(group);
    if (claim?.executionArn !== undefined) {
      const execution = await runner.describeExecution(claim.executionArn);
      if (IN_FLIGHT.has(execution.PipelineExecutionStatus)) return { arn: claim.executionArn };
      tools.logger.info('the claimed run has ended', { executionArn: claim.executionArn, status: execution.PipelineExecutionStatus });
      await state.runEnded(group, claim.executionArn);
    } else if (claim) {
      if (now().getTime() - Date.parse(claim.claimedAt) < STALE_CLAIM_MS) return {};
      tools.logger.warn('a claim without an execution is stale; letting it go', { claimedAt: claim.claimedAt });
      await state.release(group, claim.token);
    }
    const running = (await runner.listExecutions({ pipelineName: config.pipelineName, limit: 20 })).find((e) =>
      IN_FLIGHT.has(e.PipelineExecutionStatus),
    );
    return running && { arn: running.PipelineExecutionArn };
  }

  /** Claims and starts a run when `decide` says so and none is in flight; undefined when it did not start one. */
  async function tryStart(
    startedBy: string,
    decide: (snapshot: TriggerSnapshot) => boolean,
    tools: HandlerTools,
    options: { eventId?: string; byHand?: boolean; overrides?: RunOverrides } = {},
  ): Promise<PipelineExecution | undefined> {
    const running = await inFlight(tools);
    if (running) {
      if (options.byHand) throw new TriggerConflictError(group, running.arn);
      tools.logger.debug('a run is in flight; not starting another', { executionArn: running.arn });
      return undefined;
    }
    const outcome = await state.claim(group, startedBy, decide);
    if (!outcome.claimed) {
      if (options.byHand) throw new TriggerConflictError(group, outcome.snapshot.claim?.executionArn);
      return undefined;
    }
    try {
      const prepared = (await tools.trace('prepareRun', async () => deps.prepareRun?.())) ?? {};
      const execution = await tools.trace('startExecution', () =>
        runner.startExecution({
          definition: deps.definition,
          pipelineName: config.pipelineName,
          parameters: { ...pipelineParameters(config), ...prepared, ...options.overrides?.parameters },
          createdBy: startedBy,
          displayName: options.overrides?.displayName,
          description: options.overrides?.description ?? `started by ${startedBy}`,
        }),
      );
      await state.started(group, outcome.claim.token, execution.PipelineExecutionArn);
      tools.metrics.count('PipelineRunsStarted');
      tools.logger.info('pipeline run started', { executionArn: execution.PipelineExecutionArn, startedBy });
      return execution;
    } catch (error) {
      // Nothing started: the count is as it was, and the event that asked may be counted again when redelivered.
      await state.release(group, outcome.claim.token, options.eventId);
      throw error;
    }
  }

  return {
    async handle(event, tools) {
      if (event['detail-type'] === 'ImageVerified') {
        const counted = await state.recordLabel(group, event.id);
        if (!counted) {
          tools.metrics.count('RedeliveredLabels');
          tools.logger.info('label event seen before; nothing to do', { eventId: event.id });
          return;
        }
        tools.metrics.count('VerifiedLabels');
        if (!config.trigger.enabled) return;
        await tryStart('trigger:labels', (s) => s.newLabels >= config.trigger.minNewLabels, tools, { eventId: event.id });
        return;
      }
      const minutes = config.trigger.scheduleMinutes;
      if (!config.trigger.enabled || minutes === 0) return;
      await tryStart('trigger:schedule', (s) => s.newLabels > 0 && now().getTime() - Date.parse(s.lastRunAt) >= minutes * 60_000, tools);
    },

    async startByHand(actor, tools, overrides) {
      const execution = await tryStart(actor.principal, () => true, tools, { byHand: true, overrides });
      // tryStart with byHand either starts or throws.
      if (!execution) throw new TriggerConflictError(group, undefined);
      return execution;
    },
  };
}

import type { Context, EventBridgeEvent } from 'aws-lambda';
import type { DetailType, TriageEvent } from '@triage/events';
import type { HandlerTools } from '@triage/mlops';
import { fromEventBridge } from './from-event-bridge';
import { powertoolsTools, type Powertools } from './powertools';

/** A handler core as the cores are written: the event, and the tools. */
export type Core<T extends DetailType> = (event: TriageEvent<T>, tools: HandlerTools) => Promise<void>;

/** What {@link lambdaHandler} wraps. */
export interface LambdaHandlerOptions<T extends DetailType> {
  /** The detail types the function's EventBridge rule sends it; anything else is logged and ignored. */
  detailTypes: readonly T[];
  /** The core, built once per container (the first invocation opens its dependencies). */
  core: () => Promise<Core<T>>;
  powertools: Powertools;
  /**
   * Turns an AWS service's own event (one with no platform schema, e.g. HealthImaging's) into the platform event the
   * core handles, or undefined to ignore it; called for events it claims (`claims`), before the schema check.
   */
  adapt?: {
    claims: (event: EventBridgeEvent<string, unknown>) => boolean;
    to: (event: EventBridgeEvent<string, unknown>) => Promise<TriageEvent<T> | undefined>;
  };
}

/** The Lambda entry point type: an EventBridge event in (any of the platform's detail types), nothing out. */
export type LoopLambdaHandler = (event: EventBridgeEvent<string, unknown>, context: Context) => Promise<void>;

/**
 * A Lambda handler around a core: the event is checked against its schema (a malformed one throws, so EventBridge's retry
 * and the DLQ see it), the core runs inside the handler's trace with Powertools' logger (with the Lambda context), metrics
 * (flushed after every invocation, cold start counted) and tracer subsegments.
 */
export function lambdaHandler<T extends DetailType>(options: LambdaHandlerOptions<T>): LoopLambdaHandler {
  const { logger, metrics, tracer } = options.powertools;
  const tools = powertoolsTools(options.powertools);
  let core: Promise<Core<T>> | undefined;
  return async (event, context) => {
    logger.addContext(context);
    metrics.captureColdStartMetric();
    try {
      const adapted = options.adapt?.claims(event) ? await options.adapt.to(event) : event;
      if (adapted === undefined) {
        logger.info('nothing to do for this event', { detailType: event['detail-type'], source: event.source, eventId: event.id });
        return;
      }
      const checked = fromEventBridge(adapted);
      if (!(options.detailTypes as readonly string[]).includes(checked['detail-type'])) {
        logger.warn('event not for this function', { detailType: checked['detail-type'], eventId: checked.id });
        return;
      }
      logger.appendKeys({ eventId: checked.id, detailType: checked['detail-type'] });
      if (tracer.isTracingEnabled()) tracer.putAnnotation('detailType', checked['detail-type']);
      core ??= options.core().catch((error: unknown) => {
        core = undefined;
        throw error;
      });
      const run = await core;
      await tools.trace('handler', () => run(checked as TriageEvent<T>, tools));
    } catch (error) {
      logger.error('handler failed', { error: error as Error });
      throw error;
    } finally {
      logger.removeKeys(['eventId', 'detailType']);
      metrics.publishStoredMetrics();
    }
  };
}

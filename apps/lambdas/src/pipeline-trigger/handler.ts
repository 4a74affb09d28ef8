import { SCHEDULED_EVENT } from '@triage/events';
import type { LoopDeps } from '../deps/loop-deps';
import { processDeps } from '../deps/process-deps';
import { lambdaHandler, type LoopLambdaHandler } from '../runtime/lambda-handler';
import { powertoolsFor, type Powertools } from '../runtime/powertools';

/** The pipeline-trigger function over the given dependencies (specs pass their own; the entry point reads the environment). */
export function createPipelineTriggerHandler(
  deps: () => LoopDeps,
  powertools: Powertools = powertoolsFor('pipeline-trigger'),
): LoopLambdaHandler {
  return lambdaHandler({ detailTypes: ['ImageVerified', SCHEDULED_EVENT], core: () => deps().pipelineTrigger(), powertools });
}

/** EventBridge rules: ImageVerified (source triage.catalog) and the schedule (Scheduled Event, aws.events). Counts verified labels, starts the pipeline. */
export const handler = createPipelineTriggerHandler(() => processDeps());

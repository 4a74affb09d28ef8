import { MODEL_PACKAGE_STATE_CHANGE } from '@triage/events';
import type { LoopDeps } from '../deps/loop-deps';
import { processDeps } from '../deps/process-deps';
import { lambdaHandler, type LoopLambdaHandler } from '../runtime/lambda-handler';
import { powertoolsFor, type Powertools } from '../runtime/powertools';

/** The model-registry function over the given dependencies (specs pass their own; the entry point reads the environment). */
export function createModelRegistryHandler(
  deps: () => LoopDeps,
  powertools: Powertools = powertoolsFor('model-registry'),
): LoopLambdaHandler {
  return lambdaHandler({ detailTypes: [MODEL_PACKAGE_STATE_CHANGE], core: () => deps().modelRegistry(), powertools });
}

/** EventBridge rule: SageMaker Model Package State Change. Publishes ModelApproved and promotes per the policy. */
export const handler = createModelRegistryHandler(() => processDeps());

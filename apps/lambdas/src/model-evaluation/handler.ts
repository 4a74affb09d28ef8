import { PIPELINE_EXECUTION_STATUS_CHANGE } from '@triage/events';
import type { LoopDeps } from '../deps/loop-deps';
import { processDeps } from '../deps/process-deps';
import { lambdaHandler, type LoopLambdaHandler } from '../runtime/lambda-handler';
import { powertoolsFor, type Powertools } from '../runtime/powertools';

/** The model-evaluation function over the given dependencies (specs pass their own; the entry point reads the environment). */
export function createModelEvaluationHandler(
  deps: () => LoopDeps,
  powertools: Powertools = powertoolsFor('model-evaluation'),
): LoopLambdaHandler {
  return lambdaHandler({ detailTypes: [PIPELINE_EXECUTION_STATUS_CHANGE], core: () => deps().modelEvaluation(), powertools });
}

/** EventBridge rule: SageMaker Model Building Pipeline Execution Status Change. Records each finished run's decision. */
export const handler = createModelEvaluationHandler(() => processDeps());

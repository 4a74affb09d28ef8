import type { LoopDeps } from '../deps/local-deps';
import { localScoring } from '../deps/local-scoring';
import { processDeps } from '../deps/process-deps';
import { lambdaHandler, type LoopLambdaHandler } from '../runtime/lambda-handler';
import { powertoolsFor, type Powertools } from '../runtime/powertools';

/** The image-ingestion function over the given dependencies (specs pass their own; the entry point reads the environment). */
export function createImageIngestionHandler(
  deps: () => LoopDeps,
  powertools: Powertools = powertoolsFor('image-ingestion'),
): LoopLambdaHandler {
  return lambdaHandler({ detailTypes: ['ImageSetCreated', 'ModelPromoted'], core: () => deps().imageIngestion(), powertools });
}

/** EventBridge rules: ImageSetCreated (triage.healthimaging) and ModelPromoted (triage.models). Scores new studies, rescores on a promotion. */
export const handler = createImageIngestionHandler(() => processDeps({ scoring: localScoring }));

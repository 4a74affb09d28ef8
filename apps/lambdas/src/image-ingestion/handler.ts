import type { LoopDeps } from '../deps/loop-deps';
import { openScoring } from '../deps/scoring-parts';
import { imageSetCreatedFromHealthImaging, isHealthImagingImageSetCreated } from './health-imaging-event';
import { processDeps } from '../deps/process-deps';
import { lambdaHandler, type LoopLambdaHandler } from '../runtime/lambda-handler';
import { powertoolsFor, type Powertools } from '../runtime/powertools';

/** The image-ingestion function over the given dependencies (specs pass their own; the entry point reads the environment). */
export function createImageIngestionHandler(
  deps: () => LoopDeps,
  powertools: Powertools = powertoolsFor('image-ingestion'),
): LoopLambdaHandler {
  return lambdaHandler({
    detailTypes: ['ImageSetCreated', 'ModelPromoted'],
    core: () => deps().imageIngestion(),
    powertools,
    adapt: {
      claims: isHealthImagingImageSetCreated,
      to: async (event) => {
        const { backend } = deps();
        return imageSetCreatedFromHealthImaging(event, await backend.healthImaging(), await backend.catalog());
      },
    },
  });
}

/**
 * EventBridge rules: HealthImaging's "Image Set Created" (aws.medical-imaging: on AWS, put on the worklist here first),
 * ImageSetCreated (triage.healthimaging: locally, projected already) and ModelPromoted (triage.models). Scores new
 * studies, rescores the open worklist on a promotion.
 */
export const handler = createImageIngestionHandler(() => processDeps({ scoring: openScoring }));

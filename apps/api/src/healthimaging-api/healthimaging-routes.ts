import type { FastifyPluginAsync } from 'fastify';
import type { AccessKeyLookup } from '@triage/platform';
import type { ApiContext } from '../app/api-context';
import { awsErrorHandler } from './aws-errors';
import { controlRoutes } from './control-routes';
import { imageSetRoutes } from './image-set-routes';
import { useSigV4 } from './sigv4-auth';

/** What the HealthImaging API needs: the store, metrics, and the access keys requests are signed with. */
export interface HealthImagingRoutesOptions extends Pick<ApiContext, 'store' | 'metrics'> {
  /** The SigV4 access keys; without any, every request is refused as UnrecognizedClientException. */
  accessKeys?: AccessKeyLookup;
}

const NO_KEYS: AccessKeyLookup = { secretFor: () => undefined };

/**
 * AWS HealthImaging's REST API at the paths `MedicalImagingClient` sends to (restJson1), served
 * by the store: the AWS SDK and CLI work against it with only `--endpoint-url` changed. Requests
 * are SigV4-verified; errors answer as AWS does (x-amzn-ErrorType and `{ message }`).
 */
export const healthImagingRoutes: FastifyPluginAsync<HealthImagingRoutesOptions> = async (app, options) => {
  useSigV4(app, options.accessKeys ?? NO_KEYS);
  app.setErrorHandler(awsErrorHandler);
  await app.register(controlRoutes, { store: options.store });
  await app.register(imageSetRoutes, { store: options.store, metrics: options.metrics });
};

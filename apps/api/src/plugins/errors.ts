import { CatalogError } from '@triage/catalog';
import type { CatalogErrorName } from '@triage/catalog';
import { HealthImagingError, IngestRefusedError } from '@triage/healthimaging';
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { BodyIdleTimeoutError } from '../app/idle-limited-body';
import { replyProblem } from '../app/problem';
import { MultipartError } from '@triage/dicomweb';

/** The status of each catalog refusal: bad input, someone changed it since (optimistic concurrency), no such item. */
const CATALOG_STATUS: Record<CatalogErrorName, number> = {
  ValidationException: 400,
  ConflictException: 409,
  ResourceNotFoundException: 404,
};

/**
 * Every error leaves as application/problem+json that says what was wrong: validation errors
 * (400, naming the parameter), HealthImaging errors with the service's status and exception name,
 * catalog errors (400, 409, 404 by name),
 * refused instances (409 with the reason), a stalled body (408, closing the connection), Fastify's
 * own client errors with their status; anything else is a 500 whose detail names the request id,
 * and is logged. Errors raised before a request exists: app/client-error-handler.ts.
 */
export const errorsPlugin: FastifyPluginAsync = fp(
  async (app) => {
    app.setNotFoundHandler((request, reply) =>
      replyProblem(reply, 404, `no route ${request.method} ${request.url.split('?')[0].slice(0, 200)}`),
    );
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.validation)
        return replyProblem(
          reply,
          400,
          `${error.validationContext ?? 'request'}: ${error.message.replace(/^(params|querystring|headers|body)\/?/, '')}`.replace(
            /: \//,
            ': ',
          ),
        );
      if (error instanceof BodyIdleTimeoutError) {
        // The rest of the body is never read: the connection cannot carry another request.
        reply.header('connection', 'close');
        return replyProblem(reply, 408, error.message);
      }
      if (error instanceof HealthImagingError) return replyProblem(reply, error.httpStatus, error.message, error.name);
      if (error instanceof CatalogError) return replyProblem(reply, CATALOG_STATUS[error.name], error.message, error.name);
      if (error instanceof IngestRefusedError) return replyProblem(reply, 409, error.reason, 'Instance refused');
      if (error instanceof MultipartError) return replyProblem(reply, error.status, error.reason);
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
        return replyProblem(
          reply,
          415,
          `Content-Type ${String(request.headers['content-type']).slice(0, 100)} is not supported by ${request.method} ${request.routeOptions.url ?? request.url}`,
        );
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) return replyProblem(reply, status, error.message);
      request.log.error({ err: error }, 'request failed');
      return replyProblem(reply, status, `internal error; the server log has the details under request id ${request.id}`);
    });
  },
  { name: 'triage-errors' },
);

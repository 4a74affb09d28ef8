import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

/**
 * One access-log line per answered request (`request completed`: method, path without the query,
 * peer, status, milliseconds), where Fastify writes two (`incoming request`, then `request
 * completed`). A viewer reads hundreds of frames a second: the second line per frame was a second
 * redaction pass and a second synchronous write on the event loop, and said nothing the first does not.
 * The app is built with `disableRequestLogging`; Fastify still logs what it always does (errors, a
 * request aborted before its answer).
 */
export const accessLogPlugin: FastifyPluginAsync = fp(
  async (app) => {
    app.addHook('onResponse', (request, reply, done) => {
      request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
      done();
    });
  },
  { name: 'triage-access-log' },
);

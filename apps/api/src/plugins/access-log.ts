import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Fastify's per-request log lines, one a request (`request completed`, or `request errored`, with
 * method, path without the query, peer, status and milliseconds) where Fastify writes two
 * (`incoming request`, then the outcome). A viewer reads hundreds of frames a second: the first
 * line per frame was a second redaction pass and a second synchronous write on the event loop, and
 * said nothing the outcome's line cannot. Fastify's other lines (a route not found, an error its
 * handler logged, a stream cut) are as they were.
 */
export class AccessLogController extends LogController {
  override incomingRequest(): void {
    // The outcome's line carries the request.
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

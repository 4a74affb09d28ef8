import type { HttpLimits } from '@triage/platform';
import { DEFAULT_HTTP_LIMITS } from '@triage/platform';
import type { FastifyServerOptions } from 'fastify';
import type { Server, ServerOptions } from 'node:http';
import { clientErrorHandler } from './client-error-handler';

/** How often Node checks connections against the headers and request timeouts, at most (its default is 30 s). */
const MAX_CHECK_INTERVAL_MS = 1000;

/** The limits with defaults for those not given. */
export function httpLimits(given: Partial<HttpLimits> = {}): HttpLimits {
  return { ...DEFAULT_HTTP_LIMITS, ...given };
}

/**
 * The Fastify (and node:http) options that carry the timeouts: headers and whole-request timeouts
 * are Node's own (checked every quarter of the headers timeout, at most every second, so a 10 s
 * timeout fires within 10 to 11 s); keep-alive and requests per socket too. Client errors are
 * answered as problem+json. The body idle timeout is a preParsing hook (idle-limited-body.ts).
 */
export function httpServerOptions(
  limits: HttpLimits,
): { http: ServerOptions } & Pick<
  FastifyServerOptions,
  'keepAliveTimeout' | 'requestTimeout' | 'maxRequestsPerSocket' | 'clientErrorHandler' | 'connectionTimeout'
> {
  const shortest = [limits.headersTimeoutMs, limits.requestTimeoutMs].filter((ms) => ms > 0);
  const interval = Math.max(10, Math.min(MAX_CHECK_INTERVAL_MS, ...shortest.map((ms) => Math.floor(ms / 4))));
  return {
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: interval,
    },
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxRequestsPerSocket: limits.maxRequestsPerSocket,
    // No socket idle timeout of its own: a long response to a slow reader is not a stall.
    connectionTimeout: 0,
    clientErrorHandler,
  };
}

/** Caps the connections the server holds (node:http drops those beyond on accept). */
export function capConnections(server: Server, limits: HttpLimits): void {
  server.maxConnections = limits.maxConnections;
}

import { ConfigError } from './config-error';
import { integerEnv } from './env-values';

/**
 * How long the HTTP server waits for a client and how many it serves at once: no connection is
 * held open by a client that stops sending. Times in milliseconds; 0 turns a limit off.
 */
export interface HttpLimits {
  /** TRIAGE_HTTP_HEADERS_TIMEOUT_MS (default 10 s): the request line and headers must arrive within this; else 408. */
  headersTimeoutMs: number;
  /** TRIAGE_HTTP_BODY_IDLE_TIMEOUT_MS (default 30 s): while the server waits for body bytes, the longest silence; else 408. */
  bodyIdleTimeoutMs: number;
  /** TRIAGE_HTTP_REQUEST_TIMEOUT_MS (default 0, off): the whole request (headers and body) must arrive within this; else 408. */
  requestTimeoutMs: number;
  /** TRIAGE_HTTP_KEEP_ALIVE_TIMEOUT_MS (default 5 s): an idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** TRIAGE_HTTP_MAX_CONNECTIONS (default 1024): connections beyond this are dropped on accept. */
  maxConnections: number;
  /** TRIAGE_HTTP_MAX_REQUESTS_PER_SOCKET (default 0, no limit): after this many requests a connection is closed. */
  maxRequestsPerSocket: number;
}

/** The defaults: a stalled client is cut within seconds; a slow but moving upload of any size is not. */
export const DEFAULT_HTTP_LIMITS: Readonly<HttpLimits> = Object.freeze({
  headersTimeoutMs: 10_000,
  bodyIdleTimeoutMs: 30_000,
  // Off: a 4 GiB upload over a slow link legitimately takes long; the body idle timeout catches a stall.
  requestTimeoutMs: 0,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1024,
  maxRequestsPerSocket: 0,
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** Reads the TRIAGE_HTTP_* variables; throws {@link ConfigError} naming the first bad one. */
export function loadHttpLimits(env: NodeJS.ProcessEnv): HttpLimits {
  const ms = (name: string, fallback: number) => integerEnv(env, name, fallback, 0, DAY_MS);
  const limits: HttpLimits = {
    headersTimeoutMs: ms('TRIAGE_HTTP_HEADERS_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.headersTimeoutMs),
    bodyIdleTimeoutMs: ms('TRIAGE_HTTP_BODY_IDLE_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.bodyIdleTimeoutMs),
    requestTimeoutMs: ms('TRIAGE_HTTP_REQUEST_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.requestTimeoutMs),
    keepAliveTimeoutMs: ms('TRIAGE_HTTP_KEEP_ALIVE_TIMEOUT_MS', DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs),
    maxConnections: integerEnv(env, 'TRIAGE_HTTP_MAX_CONNECTIONS', DEFAULT_HTTP_LIMITS.maxConnections, 1, 1_000_000),
    maxRequestsPerSocket: integerEnv(env, 'TRIAGE_HTTP_MAX_REQUESTS_PER_SOCKET', DEFAULT_HTTP_LIMITS.maxRequestsPerSocket, 0, 1_000_000),
  };
  // Node refuses a headers timeout longer than the whole-request timeout.
  if (limits.requestTimeoutMs > 0 && limits.headersTimeoutMs > limits.requestTimeoutMs)
    throw new ConfigError(
      'TRIAGE_HTTP_HEADERS_TIMEOUT_MS',
      `${limits.headersTimeoutMs} is longer than TRIAGE_HTTP_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs})`,
    );
  return limits;
}

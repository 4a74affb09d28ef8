import { request } from 'undici';
import type { Dispatcher } from 'undici';
import { CliError } from '../support/cli-error';
import type { ApiTarget } from './api-target';
import { apiUrl } from './api-target';
import { responseError } from './problem';

/** A finished response with its body read. */
export interface ApiResponse {
  status: number;
  contentType: string | undefined;
  body: Buffer;
}

/** What a request carries besides its path. */
export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  query?: URLSearchParams;
  headers?: Record<string, string>;
  body?: Dispatcher.DispatchOptions['body'];
}

/**
 * Sends one request to the API with the bearer token. A network failure becomes a one-line
 * {@link CliError} naming the URL; HTTP errors are left to the caller ({@link expectOk}).
 */
export async function apiRequest(target: ApiTarget, path: string, init: ApiRequest = {}): Promise<ApiResponse> {
  const url = apiUrl(target, path, init.query);
  const headers: Record<string, string> = { ...init.headers };
  if (target.token) headers['authorization'] = `Bearer ${target.token}`;
  try {
    const response = await request(url, { method: init.method ?? 'GET', headers, body: init.body });
    const body = Buffer.from(await response.body.arrayBuffer());
    const contentType = response.headers['content-type'];
    return { status: response.statusCode, contentType: Array.isArray(contentType) ? contentType[0] : contentType, body };
  } catch (error) {
    throw unreachable(target, error);
  }
}

/** Throws the server's problem detail as a {@link CliError} unless the status is 2xx. */
export function expectOk(what: string, response: ApiResponse): ApiResponse {
  if (response.status >= 200 && response.status < 300) return response;
  throw responseError(what, response.status, response.contentType, response.body.toString('utf8'));
}

/** The one line for a request that got no HTTP answer. */
export function unreachable(target: ApiTarget, error: unknown): CliError {
  if (error instanceof CliError) return error;
  const code = errorCode(error);
  const origin = target.baseUrl.origin;
  if (code === 'ECONNREFUSED') return new CliError(`cannot reach the API at ${origin}: connection refused (is \`triage up\` running?)`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new CliError(`cannot reach the API at ${origin}: host not found`);
  return new CliError(`request to ${origin} failed: ${code ?? (error as Error).message ?? String(error)}`);
}

function errorCode(error: unknown): string | undefined {
  // undici puts the socket error's code on the error itself or on its cause.
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && e.code.startsWith('E') && !e.code.startsWith('ERR_')) return e.code;
    if (e.code === 'UND_ERR_SOCKET') return 'connection closed by the server';
  }
  return undefined;
}

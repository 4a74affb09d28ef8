import type { Command } from 'commander';
import { ConfigError, loadListenAddress } from '@triage/platform';
import { CliError } from '../support/cli-error';

/** Where a command sends its requests: the API's base URL and the bearer token. */
export interface ApiTarget {
  baseUrl: URL;
  token?: string;
}

/** Options every API command takes (`--url`, `--token`). */
export interface ApiOptions {
  /** Absent: {@link defaultApiUrl}. */
  url?: string;
  token?: string;
}

/** Adds `--url` and `--token` to a command that talks to the running API. */
export function withApiOptions(command: Command): Command {
  return command
    .option(
      '--url <url>',
      'base URL of the running API (default: $TRIAGE_URL, else http://$TRIAGE_HOST:$TRIAGE_PORT as the server reads them, http://127.0.0.1:8080 when unset)',
    )
    .option('--token <token>', 'bearer token (default: $TRIAGE_TOKEN, else $TRIAGE_ADMIN_TOKEN)');
}

/** Addresses a server listening on every interface answers on loopback too. */
const WILDCARDS: Record<string, string> = { '0.0.0.0': '127.0.0.1', '::': '::1' };

/**
 * The API's URL when no `--url` is given: $TRIAGE_URL, else where the server listens by the same
 * settings it reads (TRIAGE_HOST, TRIAGE_PORT through the platform's config), so that
 * `TRIAGE_PORT=9000 triage up` and `TRIAGE_PORT=9000 triage search` meet. Evaluated when a command
 * runs, not when the program is built: a bad setting fails that command only, with exit 2.
 */
export function defaultApiUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env['TRIAGE_URL']?.trim();
  if (url) return url;
  let address: { host: string; port: number };
  try {
    address = loadListenAddress(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`${error.message} (the API's address comes from it; or pass --url)`, 2);
    throw error;
  }
  if (address.port === 0) throw new CliError('TRIAGE_PORT is 0 (the API picks a free port and prints it): pass --url or set TRIAGE_URL', 2);
  const host = WILDCARDS[address.host] ?? address.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/** Validates `--url` (or the default) and picks the token; the token itself never appears in a message. */
export function apiTarget(options: ApiOptions): ApiTarget {
  const url = options.url ?? defaultApiUrl();
  let baseUrl: URL;
  try {
    baseUrl = new URL(url);
  } catch {
    throw new CliError(`--url: '${url}' is not a URL`, 2);
  }
  if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') throw new CliError(`--url: '${url}' is not an http(s) URL`, 2);
  if (!baseUrl.pathname.endsWith('/')) baseUrl.pathname += '/';
  // An empty variable counts as unset, as a shell's `VAR= triage ...` means.
  const token = options.token || process.env['TRIAGE_TOKEN'] || process.env['TRIAGE_ADMIN_TOKEN'];
  return { baseUrl, token: token || undefined };
}

/** The URL of an API path (relative to the base URL, so a base with a path prefix works). */
export function apiUrl(target: ApiTarget, path: string, query?: URLSearchParams): URL {
  const url = new URL(path.replace(/^\//, ''), target.baseUrl);
  if (query) url.search = query.toString();
  return url;
}

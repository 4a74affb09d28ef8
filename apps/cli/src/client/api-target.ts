import type { Command } from 'commander';
import { CliError } from '../support/cli-error';

/** Where a command sends its requests: the API's base URL and the bearer token. */
export interface ApiTarget {
  baseUrl: URL;
  token?: string;
}

/** Options every API command takes (`--url`, `--token`). */
export interface ApiOptions {
  url: string;
  token?: string;
}

/** Adds `--url` and `--token` to a command that talks to the running API. */
export function withApiOptions(command: Command): Command {
  return command
    .option('--url <url>', 'base URL of the running API', process.env['TRIAGE_URL'] || 'http://127.0.0.1:8080')
    .option('--token <token>', 'bearer token (default: $TRIAGE_TOKEN, else $TRIAGE_ADMIN_TOKEN)');
}

/** Validates `--url` and picks the token; the token itself never appears in a message. */
export function apiTarget(options: ApiOptions): ApiTarget {
  let baseUrl: URL;
  try {
    baseUrl = new URL(options.url);
  } catch {
    throw new CliError(`--url: '${options.url}' is not a URL`, 2);
  }
  if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') throw new CliError(`--url: '${options.url}' is not an http(s) URL`, 2);
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

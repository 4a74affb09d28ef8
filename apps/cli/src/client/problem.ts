import { CliError } from '../support/cli-error';

/** An RFC 9457 problem document, as the API sends with every error. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
}

/** Turns an error response into one line: the server's detail when it sent problem+json, else the status. */
export function responseError(what: string, status: number, contentType: string | undefined, body: string): CliError {
  const problem = parseProblem(contentType, body);
  const said = problem?.detail ?? problem?.title ?? (body && !/html/i.test(contentType ?? '') ? firstLine(body) : undefined);
  const hint = status === 401 ? ' (set --token, $TRIAGE_TOKEN or $TRIAGE_ADMIN_TOKEN)' : '';
  return new CliError(`${what}: HTTP ${status}${said ? `: ${said}` : ''}${hint}`);
}

/** The problem document in a response body, if that is what it is. */
export function parseProblem(contentType: string | undefined, body: string): Problem | undefined {
  if (!/^application\/(problem\+)?json/i.test(contentType ?? '')) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Problem;
  } catch {
    // A body that is not JSON after all: the status alone says it.
  }
  return undefined;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

import { parseProblem } from '@triage/dicomweb';
import { CliError } from '../support/cli-error';

/** Turns an error response into one line: the server's detail when it sent problem+json, else the status. */
export function responseError(what: string, status: number, contentType: string | undefined, body: string): CliError {
  const problem = parseProblem(contentType, body);
  const said = problem?.detail ?? problem?.title ?? (body && !/html/i.test(contentType ?? '') ? firstLine(body) : undefined);
  const hint = status === 401 ? ' (set --token, $TRIAGE_TOKEN or $TRIAGE_ADMIN_TOKEN)' : '';
  return new CliError(`${what}: HTTP ${status}${said ? `: ${said}` : ''}${hint}`);
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

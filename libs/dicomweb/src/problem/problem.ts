import { STATUS_CODES } from 'node:http';

/** The media type of every error response (RFC 9457). */
export const PROBLEM_JSON = 'application/problem+json';

/** An RFC 9457 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
}

/** A problem document for an HTTP status, titled by the status unless a title is given. */
export function problem(status: number, detail?: string, title?: string): Problem {
  return { type: 'about:blank', title: title ?? STATUS_CODES[status] ?? 'Error', status, ...(detail !== undefined && { detail }) };
}

/**
 * The problem document in an error response, if that is what it is: problem+json, or plain JSON
 * holding an object (some servers send their problems so). Peers may leave any member out.
 */
export function parseProblem(contentType: string | undefined, body: string): Partial<Problem> | undefined {
  if (!/^application\/(problem\+)?json/i.test(contentType ?? '')) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Partial<Problem>;
  } catch {
    // A body that is not JSON after all: the status alone says it.
  }
  return undefined;
}

import type { Problem } from '../problem/problem';
import { parseProblem } from '../problem/problem';

/**
 * A DICOMweb request the server answered with an error (or with something that is not what was
 * asked for): the status, and the server's problem+json document when it sent one.
 */
export class DicomwebError extends Error {
  override readonly name = 'DicomwebError';
  /** The server's problem document, when the body was one. */
  readonly problem?: Partial<Problem>;

  constructor(
    /** What was asked: `QIDO-RS studies`, `STOW-RS studies`. */
    readonly what: string,
    readonly status: number,
    readonly contentType: string | undefined,
    /** The response body as text (an error body is small). */
    readonly body: string,
    reason?: string,
  ) {
    const problem = parseProblem(contentType, body);
    super(`${what}: HTTP ${status}: ${reason ?? problem?.detail ?? problem?.title ?? (firstLine(body) || 'no detail')}`);
    this.problem = problem;
  }
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
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

/** The schema of a problem document, for route `response` sections and OpenAPI. */
export const ProblemSchema = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.Optional(Type.String()) },
  { description: 'RFC 9457 problem details' },
);

/** A problem document for an HTTP status, titled by the status unless a title is given. */
export function problem(status: number, detail?: string, title?: string): Problem {
  return { type: 'about:blank', title: title ?? STATUS_CODES[status] ?? 'Error', status, ...(detail !== undefined && { detail }) };
}

/** Answers with a problem document. */
export function replyProblem(reply: FastifyReply, status: number, detail?: string, title?: string): FastifyReply {
  return reply
    .code(status)
    .type(PROBLEM_JSON)
    .send(problem(status, detail, title));
}

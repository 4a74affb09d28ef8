import { Type } from '@fastify/type-provider-typebox';
import { PROBLEM_JSON, problem } from '@triage/dicomweb';
import type { FastifyReply } from 'fastify';

// The document and its builder are the DICOMweb lib's; what is Fastify's (schema, reply) stays here.
export { PROBLEM_JSON, problem } from '@triage/dicomweb';
export type { Problem } from '@triage/dicomweb';

/** The schema of a problem document, for route `response` sections and OpenAPI. */
export const ProblemSchema = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.Optional(Type.String()) },
  { description: 'RFC 9457 problem details' },
);

/** Answers with a problem document. */
export function replyProblem(reply: FastifyReply, status: number, detail?: string, title?: string): FastifyReply {
  return reply
    .code(status)
    .type(PROBLEM_JSON)
    .send(problem(status, detail, title));
}

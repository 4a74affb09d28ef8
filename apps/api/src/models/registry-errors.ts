import { RegistryError } from '@triage/registry';
import type { FastifyInstance } from 'fastify';
import { replyProblem } from '../app/problem';

const STATUS: Record<RegistryError['code'], number> = { ValidationException: 400, ResourceNotFound: 404, ConflictException: 409 };

/**
 * Answers the registry's refusals as problem+json named as SageMaker names them (400, 404, 409);
 * any other error goes on to the app's errors plugin (an error handler that throws hands the error
 * to its parent's).
 */
export function mapRegistryErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof RegistryError) return replyProblem(reply, STATUS[error.code], error.message, error.code);
    throw error;
  });
}

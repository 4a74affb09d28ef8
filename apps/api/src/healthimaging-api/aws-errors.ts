import { HealthImagingError } from '@triage/healthimaging';
import { SigV4Error } from '@triage/platform';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** Answers an error as AWS does: its status, the exception's name in x-amzn-ErrorType, and `{ message }`. */
export function replyAwsError(reply: FastifyReply, status: number, name: string, message: string): FastifyReply {
  return reply.code(status).header('x-amzn-ErrorType', name).type('application/json').send({ message });
}

function nameForStatus(status: number): string {
  if (status === 404) return 'ResourceNotFoundException';
  if (status === 409) return 'ConflictException';
  if (status === 403 || status === 401) return 'AccessDeniedException';
  if (status === 429) return 'ThrottlingException';
  return 'ValidationException';
}

/**
 * The error handler of the HealthImaging routes: the SDK names its exceptions by the
 * x-amzn-ErrorType header, so problem+json would reach it nameless. Server faults are logged and
 * answered without their detail.
 */
export function awsErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof SigV4Error) return replyAwsError(reply, error.httpStatus, error.name, error.message);
  if (error instanceof HealthImagingError) {
    if (error.httpStatus >= 500) request.log.error({ err: error }, 'HealthImaging request failed');
    return replyAwsError(reply, error.httpStatus, error.name, error.message);
  }
  if (error.validation)
    return replyAwsError(reply, 400, 'ValidationException', `${error.validationContext ?? 'request'}: ${error.message}`);
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return replyAwsError(reply, status, nameForStatus(status), error.message);
  request.log.error({ err: error }, 'HealthImaging request failed');
  return replyAwsError(
    reply,
    500,
    'InternalServerException',
    `internal error; the server log has the details under request id ${request.id}`,
  );
}

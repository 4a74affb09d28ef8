import { PipelineError } from '../pipeline-runner';

/**
 * SageMaker's errors as the port's: ResourceNotFound, and a ValidationException that says "does not
 * exist", are ResourceNotFound; ValidationException stays; ConflictException and ResourceInUse are
 * ConflictException. Anything else (throttling, access) is rethrown as it came.
 */
export function pipelineErrorFrom(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof PipelineError) return error;
  if (error.name === 'ResourceNotFound' || (error.name === 'ValidationException' && /does not exist|not found/i.test(error.message)))
    return new PipelineError('ResourceNotFound', error.message);
  if (error.name === 'ValidationException') return new PipelineError('ValidationException', error.message);
  if (error.name === 'ConflictException' || error.name === 'ResourceInUse') return new PipelineError('ConflictException', error.message);
  return error;
}

/** A SageMaker call with its errors as PipelineErrors. */
export async function sagemakerCall<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw pipelineErrorFrom(error);
  }
}

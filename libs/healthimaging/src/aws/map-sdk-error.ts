import { MedicalImagingServiceException } from '@aws-sdk/client-medical-imaging';
import { HealthImagingError, type HealthImagingErrorName } from '../health-imaging-error';

const NAMES = new Set<HealthImagingErrorName>([
  'ValidationException',
  'ResourceNotFoundException',
  'ConflictException',
  'AccessDeniedException',
  'ThrottlingException',
  'ServiceQuotaExceededException',
  'InternalServerException',
]);

/** Service exceptions the SDK does not model (a proxy's 404, a gateway's 503) are named by their HTTP status. */
function nameForStatus(status: number | undefined): HealthImagingErrorName {
  switch (status) {
    case 400:
      return 'ValidationException';
    case 401:
    case 403:
      return 'AccessDeniedException';
    case 402:
      return 'ServiceQuotaExceededException';
    case 404:
      return 'ResourceNotFoundException';
    case 409:
      return 'ConflictException';
    case 429:
      return 'ThrottlingException';
    default:
      return 'InternalServerException';
  }
}

/**
 * Turns what the SDK threw into a {@link HealthImagingError} of the same name (the SDK error is its
 * `cause`). Errors that are not the service's answer (connection refused, aborted) pass unchanged.
 */
export function toHealthImagingError(error: unknown): unknown {
  if (!isServiceError(error)) return error;
  const name = NAMES.has(error.name as HealthImagingErrorName)
    ? (error.name as HealthImagingErrorName)
    : nameForStatus(error.$metadata?.httpStatusCode);
  return new HealthImagingError(name, error.message || name, { cause: error });
}

/** The SDK's own exceptions, and the generic service exception it throws for unmodeled error codes. */
function isServiceError(error: unknown): error is MedicalImagingServiceException {
  return error instanceof MedicalImagingServiceException || (error instanceof Error && '$fault' in error && '$metadata' in error);
}

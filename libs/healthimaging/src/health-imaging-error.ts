/** HealthImaging's exception names, as the service (and the SDK) spell them. */
export type HealthImagingErrorName =
  | 'ValidationException'
  | 'ResourceNotFoundException'
  | 'ConflictException'
  | 'AccessDeniedException'
  | 'ThrottlingException'
  | 'ServiceQuotaExceededException'
  | 'InternalServerException';

const STATUS: Record<HealthImagingErrorName, number> = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  InternalServerException: 500,
};

/** A HealthImaging failure, from either implementation, named as AWS names it. */
export class HealthImagingError extends Error {
  readonly httpStatus: number;
  constructor(
    override readonly name: HealthImagingErrorName,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.httpStatus = STATUS[name];
  }
}

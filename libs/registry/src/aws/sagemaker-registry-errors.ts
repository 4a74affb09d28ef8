import { RegistryError } from '../model-registry';

/** The model package ARN's shape, in any partition and region (SageMaker lowercases the group in it). */
const PACKAGE_ARN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:model-package\/[^/]+\/([1-9][0-9]{0,8})$/;

/** The version a model package ARN names; a ValidationException for anything that is not one. */
export function versionOfPackageArn(arn: unknown): number {
  const match = typeof arn === 'string' ? PACKAGE_ARN.exec(arn) : null;
  if (!match)
    throw new RegistryError(
      'ValidationException',
      `${JSON.stringify(String(arn).slice(0, 200))} is not a model package ARN (arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>)`,
    );
  return Number(match[1]);
}

/**
 * SageMaker's errors as the port's: SageMaker answers a missing group or package with a
 * ValidationException that says "does not exist" (ResourceNotFound is for other resources), an
 * existing one with "already exists"; anything else (throttling, access) is rethrown as it came.
 */
export function registryErrorFrom(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof RegistryError) return error;
  if (error.name === 'ResourceNotFound' || (error.name === 'ValidationException' && /does not exist|not found/i.test(error.message)))
    return new RegistryError('ResourceNotFound', error.message);
  if (error.name === 'ValidationException') return new RegistryError('ValidationException', error.message);
  if (error.name === 'ConflictException') return new RegistryError('ConflictException', error.message);
  return error;
}

/** Whether SageMaker refused a create because the resource exists already. */
export function isAlreadyExists(error: unknown): boolean {
  return (
    error instanceof Error &&
    ['ValidationException', 'ConflictException', 'ResourceInUse'].includes(error.name) &&
    /already exists/i.test(error.message)
  );
}

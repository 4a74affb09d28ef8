import { randomBytes } from 'node:crypto';
import { HealthImagingError } from './health-imaging-error';

/** HealthImaging's identifier shape (datastore, image set, image frame, job): 32 lower-case hex characters. */
export const RESOURCE_ID_PATTERN = /^[0-9a-f]{32}$/;

/** A fresh random identifier in HealthImaging's shape. */
export function newResourceId(): string {
  return randomBytes(16).toString('hex');
}

/** Returns `value` when it is a well-formed identifier; throws ValidationException naming `field` otherwise. */
export function checkResourceId<T extends string = string>(field: string, value: unknown): T {
  if (typeof value !== 'string' || !RESOURCE_ID_PATTERN.test(value)) {
    throw new HealthImagingError('ValidationException', `${field} must be 32 lower-case hexadecimal characters`);
  }
  return value as T;
}

/** Returns `value` when it is a positive integer version id ("1", "2", ...); throws ValidationException otherwise. */
export function checkVersionId(field: string, value: unknown): number {
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,9}$/.test(value)) {
    throw new HealthImagingError('ValidationException', `${field} must be a positive integer version id`);
  }
  return Number(value);
}

import { Type } from '@fastify/type-provider-typebox';

/** A DICOM UID (PS3.5 9.1): digits and dots, no empty component; at most 64 characters. */
export const UID_PATTERN = '^[0-9]+(\\.[0-9]+)*$';
/** A HealthImaging datastore, image set or image frame id: 32 lowercase hex digits. */
export const HEALTH_IMAGING_ID_PATTERN = '^[0-9a-f]{32}$';

/** Schema of a UID path parameter: `..`, slashes, NUL and letters are refused before any handler runs. */
export const UidParam = Type.String({ pattern: UID_PATTERN, minLength: 1, maxLength: 64, description: 'a DICOM UID' });
/** Schema of a HealthImaging id path parameter. */
export const HealthImagingIdParam = Type.String({
  pattern: HEALTH_IMAGING_ID_PATTERN,
  minLength: 32,
  maxLength: 32,
  description: '32 lowercase hexadecimal digits',
});

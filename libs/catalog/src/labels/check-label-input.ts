import { CatalogError } from '../catalog-error';
import type { LabelKey } from '../catalog';

const UID = /^[0-9]+(\.[0-9]+)*$/;
const MAX_NOTE = 2000;

/** Refuses a key without datastore or image set, or with an instance UID that is not a UID. */
export function checkLabelKey(key: LabelKey): void {
  const fail = (message: string): never => {
    throw new CatalogError('ValidationException', message);
  };
  if (typeof key?.datastoreId !== 'string' || key.datastoreId === '' || key.datastoreId.length > 64)
    fail('key.datastoreId must be 1 to 64 characters');
  if (typeof key.imageSetId !== 'string' || key.imageSetId === '' || key.imageSetId.length > 64)
    fail('key.imageSetId must be 1 to 64 characters');
  if (key.sopInstanceUid !== undefined) checkUid('key.sopInstanceUid', key.sopInstanceUid);
}

/** Refuses a value that is not a DICOM UID (digits and dots, at most 64 characters). */
export function checkUid(what: string, value: string): void {
  if (typeof value !== 'string' || value.length > 64 || !UID.test(value))
    throw new CatalogError(
      'ValidationException',
      `${what} must be a DICOM UID (digits and dots, at most 64 characters), got ${JSON.stringify(value)}`,
    );
}

/** Refuses a note that is not a string or is longer than the catalog keeps. */
export function checkNote(note: string | undefined): void {
  if (note !== undefined && (typeof note !== 'string' || note.length > MAX_NOTE))
    throw new CatalogError('ValidationException', `note must be a string of at most ${MAX_NOTE} characters`);
}

import { CliError } from './cli-error';

/** A DICOM UID: digits and dots, at most 64 characters (PS3.5 9.1). */
const UID = /^[0-9]+(\.[0-9]+)*$/;

/** Refuses an option that is not a UID, before it is put in a URL or a file name. */
export function checkUid(flag: string, value: string): string {
  if (!UID.test(value) || value.length > 64) throw new CliError(`${flag}: '${value}' is not a DICOM UID`, 2);
  return value;
}

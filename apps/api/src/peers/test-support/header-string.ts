import { readPart10 } from '@triage/dicom';

/** The string value of `tag` (dicom-parser form, `x00100020`) in a Part 10 file's header, pixel data left unread. */
export function headerString(bytes: Uint8Array, tag: string): string {
  const value = readPart10(bytes, { untilTag: 'x7fe00010' }).dataSet.string(tag);
  if (value === undefined) throw new Error(`no ${tag} in the file`);
  return value;
}

import type { DatastoreId, ImageSetId } from '@triage/dicom';

// Ids are free text to the port: `%` and `#` are escaped so that a `#` inside an id can never
// make two keys one (`a#b`+`c` and `a`+`b#c`). Instance UIDs are digits and dots (checked).
function part(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('#', '%23');
}

/** The partition of one image set: its heads, label versions and predictions (one Query reads a key's history). */
export function imageSetPk(datastoreId: DatastoreId, imageSetId: ImageSetId): string {
  return `IMAGESET#${part(datastoreId)}#${part(imageSetId)}`;
}

/** The head of a label key: current label, latest clinician label, latest prediction, and (image set only) the worklist summary. */
export function headSk(sopInstanceUid: string | undefined): string {
  return `KEY#${sopInstanceUid ?? ''}`;
}

/** All versions of a key's label sort under this prefix, oldest first. */
export function labelSkPrefix(sopInstanceUid: string | undefined): string {
  return `LABEL#${sopInstanceUid ?? ''}#`;
}

/** One label version (zero-padded, so the sort key orders versions numerically). */
export function labelSk(sopInstanceUid: string | undefined, version: number): string {
  return `${labelSkPrefix(sopInstanceUid)}${String(version).padStart(10, '0')}`;
}

/** A key's latest prediction by one model version. */
export function predictionSk(sopInstanceUid: string | undefined, modelVersion: string): string {
  return `PREDICTION#${sopInstanceUid ?? ''}#${modelVersion}`;
}

/** gsi1: a datastore's worklist (image set heads that hold a summary). */
export function worklistPk(datastoreId: DatastoreId): string {
  return `WORKLIST#${part(datastoreId)}`;
}

/** gsi2: a datastore's verified keys, in key order (what `trainingLabels` pages through). */
export function verifiedPk(datastoreId: DatastoreId): string {
  return `VERIFIED#${part(datastoreId)}`;
}

/** gsi2's sort key: image set, then instance ('' for the image set itself, so it sorts first). */
export function verifiedSk(imageSetId: ImageSetId, sopInstanceUid: string | undefined): string {
  return `${part(imageSetId)}#${sopInstanceUid ?? ''}`;
}

/** An outbox item (AWS.md): `pk = OUTBOX#<eventId>`, `sk = EVENT`. */
export function outboxPk(eventId: string): string {
  return `OUTBOX#${eventId}`;
}

export const OUTBOX_SK = 'EVENT';

import type { NormalizedAttributes } from '@triage/dicom';

/**
 * The patient and study attributes that must agree for instances to share an image set. When an
 * instance disagrees with the study's primary image set on any of them (both present, different),
 * HealthImaging puts it in a non-primary image set rather than overwrite what is stored.
 */
export const IDENTITY_KEYS = [
  'PatientName',
  'PatientID',
  'PatientBirthDate',
  'PatientSex',
  'AccessionNumber',
  'StudyDate',
  'StudyTime',
  'StudyID',
] as const;

/** The identity attributes of one instance or image set, as compared for grouping. */
export type IdentityKey = Partial<Record<(typeof IDENTITY_KEYS)[number], string>>;

/** The identity attributes from an instance's (or image set's) patient and study levels. */
export function identityKey(patient: NormalizedAttributes, study: NormalizedAttributes): IdentityKey {
  const key: IdentityKey = {};
  for (const name of IDENTITY_KEYS) {
    const value = patient[name] ?? study[name];
    if (value !== undefined && value !== null && value !== '') key[name] = typeof value === 'string' ? value.trim() : JSON.stringify(value);
  }
  return key;
}

/** The attributes on which two identities disagree (both present, different); empty when they can share an image set. */
export function conflictingKeys(a: IdentityKey, b: IdentityKey): string[] {
  return IDENTITY_KEYS.filter((name) => a[name] !== undefined && b[name] !== undefined && a[name] !== b[name]);
}

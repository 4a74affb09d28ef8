import type { NormalizedAttributes } from '@triage/dicom';

/** The image_sets columns QIDO-RS and SearchImageSets match on, from an image set's patient and study levels. */
export function qidoStudyColumns(patient: NormalizedAttributes, study: NormalizedAttributes): Record<string, string | null> {
  const text = (value: unknown): string | null =>
    value === undefined || value === null ? null : Array.isArray(value) ? value.map(String).join('\\') : String(value).trim();
  return {
    patient_name: text(patient['PatientName']),
    patient_id: text(patient['PatientID']),
    patient_birth_date: text(patient['PatientBirthDate']),
    study_date: text(study['StudyDate']),
    study_time: text(study['StudyTime']),
    accession_number: text(study['AccessionNumber']),
    study_id: text(study['StudyID']),
    referring_physician: text(study['ReferringPhysicianName']),
  };
}

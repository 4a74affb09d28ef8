/** Attributes HealthImaging lifts to the patient level. */
export const PATIENT_LEVEL = new Set([
  'PatientName', 'PatientID', 'IssuerOfPatientID', 'PatientBirthDate', 'PatientBirthTime', 'PatientSex',
  'OtherPatientIDsSequence', 'OtherPatientNames', 'PatientComments', 'EthnicGroup', 'PatientSpeciesDescription',
  'PatientBreedDescription', 'ResponsiblePerson', 'ResponsibleOrganization', 'PatientIdentityRemoved',
  'DeidentificationMethod', 'DeidentificationMethodCodeSequence',
]);

/** Attributes HealthImaging lifts to the study level. */
export const STUDY_LEVEL = new Set([
  'StudyInstanceUID', 'StudyDate', 'StudyTime', 'AccessionNumber', 'IssuerOfAccessionNumberSequence', 'StudyID',
  'StudyDescription', 'ReferringPhysicianName', 'PatientAge', 'PatientSize', 'PatientWeight', 'AdmittingDiagnosesDescription',
  'ProcedureCodeSequence', 'RequestingPhysician', 'NameOfPhysiciansReadingStudy', 'AdditionalPatientHistory',
]);

/** Attributes HealthImaging lifts to the series level. */
export const SERIES_LEVEL = new Set([
  'SeriesInstanceUID', 'Modality', 'SeriesNumber', 'SeriesDescription', 'SeriesDate', 'SeriesTime', 'Laterality',
  'BodyPartExamined', 'ProtocolName', 'PerformingPhysicianName', 'OperatorsName', 'PatientPosition',
  'PerformedProcedureStepStartDate', 'PerformedProcedureStepStartTime', 'RequestAttributesSequence', 'FrameOfReferenceUID',
  'Manufacturer', 'InstitutionName', 'StationName', 'ManufacturerModelName',
]);

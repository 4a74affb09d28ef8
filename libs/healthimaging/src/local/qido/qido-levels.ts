/** Attributes PS3.18 Table 10.6.3-3 requires in every study-level result. */
export const STUDY_RESULT_TAGS = [
  '00080005',
  '00080020',
  '00080030',
  '00080050',
  '00080056',
  '00080061',
  '00080090',
  '00100010',
  '00100020',
  '00100030',
  '00100040',
  '0020000D',
  '00200010',
  '00201206',
  '00201208',
];

/** Attributes PS3.18 Table 10.6.3-4 requires in every series-level result (with the study's UID). */
export const SERIES_RESULT_TAGS = [
  '00080005',
  '00080056',
  '00080060',
  '0008103E',
  '0020000D',
  '0020000E',
  '00200011',
  '00201209',
  '00400244',
  '00400245',
  '00400275',
];

/** Attributes PS3.18 Table 10.6.3-5 requires in every instance-level result (with the study's and series' UIDs). */
export const INSTANCE_RESULT_TAGS = [
  '00080005',
  '00080016',
  '00080018',
  '00080056',
  '0020000D',
  '0020000E',
  '00200013',
  '00280008',
  '00280010',
  '00280011',
  '00280100',
];

/** Keywords QIDO can match on at each level, and the SQL column they match. */
export const STUDY_MATCH_COLUMNS: Record<string, { column: string; kind: 'uid' | 'value' | 'pn' | 'DA' | 'TM' }> = {
  StudyInstanceUID: { column: 'i.study_uid', kind: 'uid' },
  PatientName: { column: 'i.patient_name', kind: 'pn' },
  PatientID: { column: 'i.patient_id', kind: 'value' },
  PatientBirthDate: { column: 'i.patient_birth_date', kind: 'DA' },
  StudyDate: { column: 'i.study_date', kind: 'DA' },
  StudyTime: { column: 'i.study_time', kind: 'TM' },
  AccessionNumber: { column: 'i.accession_number', kind: 'value' },
  StudyID: { column: 'i.study_id', kind: 'value' },
  ReferringPhysicianName: { column: 'i.referring_physician', kind: 'pn' },
};

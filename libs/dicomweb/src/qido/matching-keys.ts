import type { QidoLevel } from './qido-query';

/** How a matching key's values are checked and split (PS3.18 8.3.4.1, PS3.4 C.2.2.2). */
export type KeyKind = 'date' | 'time' | 'uid' | 'code' | 'number' | 'text';

const STUDY: Record<string, KeyKind> = {
  StudyDate: 'date',
  StudyTime: 'time',
  AccessionNumber: 'text',
  ModalitiesInStudy: 'code',
  ReferringPhysicianName: 'text',
  PatientName: 'text',
  PatientID: 'text',
  PatientBirthDate: 'date',
  StudyInstanceUID: 'uid',
  StudyID: 'text',
};
const SERIES: Record<string, KeyKind> = {
  Modality: 'code',
  SeriesInstanceUID: 'uid',
  SeriesNumber: 'number',
};
const INSTANCE: Record<string, KeyKind> = { SOPClassUID: 'uid', SOPInstanceUID: 'uid', InstanceNumber: 'number' };

/**
 * The attributes each QIDO-RS level matches on: the PS3.18 Table 10.6.1-5 keys of the level and
 * of the levels above it (a series or instance query may constrain its study). Others are refused
 * rather than silently ignored.
 */
export const MATCHING_KEYS: Record<QidoLevel, Record<string, KeyKind>> = {
  studies: STUDY,
  series: { ...STUDY, ...SERIES },
  instances: { ...STUDY, ...SERIES, ...INSTANCE },
};

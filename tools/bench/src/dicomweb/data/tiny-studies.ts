import type { DicomJsonAttribute, DicomJsonDataset } from '@triage/dicom';
import { writePart10 } from '@triage/dicom';
import { deriveUid } from '@triage/sample-data';

/** Digital X-Ray Image Storage – For Presentation. */
const DX_FOR_PRESENTATION = '1.2.840.10008.5.1.4.1.1.1.1';
/** Family names are two syllables, so `PatientName=KAR*` matches one study in twenty. */
const SYLLABLES = ['KAR', 'TEL', 'MON', 'SUL', 'BRI', 'DAV', 'FEN', 'GOR', 'HAL', 'JUN', 'LOR', 'MER', 'NOV', 'PAL', 'QUI', 'ROS', 'SAN', 'TOR', 'VEL', 'WIN'];
const GIVEN = ['ANNA', 'BEN', 'CARLA', 'DMITRI', 'ELIF', 'FARID', 'GRETA', 'HUGO', 'INES', 'JONAS'];
/** Study dates are spread over ten years from this day. */
const FIRST_DAY = Date.UTC(2015, 0, 1);
export const TINY_STUDY_DAYS = 3650;

/** The query values of tiny study `i`: what a QIDO request can look for. */
export interface TinyStudyKeys {
  patientId: string;
  familyPrefix: string;
  studyDate: string;
}

/** Patient, name prefix and study date of tiny study `i` (each study has its own patient). */
export function tinyStudyKeys(i: number): TinyStudyKeys {
  return { patientId: `BENCH${String(i).padStart(6, '0')}`, familyPrefix: SYLLABLES[i % SYLLABLES.length], studyDate: dayString((i * 7919) % TINY_STUDY_DAYS) };
}

/** `YYYYMMDD` of day `day` after the first study day. */
export function dayString(day: number): string {
  return new Date(FIRST_DAY + day * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * Study `i` of the QIDO store: one 8×8 DX instance of its own patient, date and accession number,
 * a valid Part 10 file so both servers index it like any other.
 */
export function tinyStudy(seed: string, i: number): Uint8Array {
  const keys = tinyStudyKeys(i);
  const family = `${keys.familyPrefix}${SYLLABLES[Math.floor(i / SYLLABLES.length) % SYLLABLES.length]}`;
  const sop = deriveUid(seed, `tiny/${i}/instance`);
  const t = (vr: string, value: string): DicomJsonAttribute => ({ vr, Value: [value] });
  const u = (value: number): DicomJsonAttribute => ({ vr: 'US', Value: [value] });
  const dataset: DicomJsonDataset = {
    '00080016': t('UI', DX_FOR_PRESENTATION),
    '00080018': t('UI', sop),
    '00080020': t('DA', keys.studyDate),
    '00080030': t('TM', '093000'),
    '00080050': t('SH', `ACC${String(i).padStart(8, '0')}`),
    '00080060': t('CS', 'DX'),
    '00081030': t('LO', 'BENCH CHEST'),
    '00100010': { vr: 'PN', Value: [{ Alphabetic: `${family}^${GIVEN[i % GIVEN.length]}` }] },
    '00100020': t('LO', keys.patientId),
    '00100030': t('DA', '19700101'),
    '00100040': t('CS', i % 2 ? 'F' : 'M'),
    '0020000D': t('UI', deriveUid(seed, `tiny/${i}/study`)),
    '0020000E': t('UI', deriveUid(seed, `tiny/${i}/series`)),
    '00200010': t('SH', '1'),
    '00200011': { vr: 'IS', Value: ['1'] },
    '00200013': { vr: 'IS', Value: ['1'] },
    '00280002': u(1),
    '00280004': t('CS', 'MONOCHROME2'),
    '00280010': u(8),
    '00280011': u(8),
    '00280100': u(16),
    '00280101': u(12),
    '00280102': u(11),
    '00280103': u(0),
  };
  const pixels = new Uint16Array(64).map((_, p) => (p * 61 + i) & 0xfff);
  return writePart10(dataset, { pixelData: new Uint8Array(pixels.buffer), source: `tiny study ${i}` });
}

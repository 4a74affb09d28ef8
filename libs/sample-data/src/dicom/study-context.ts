import type { DicomJsonDataset } from '@triage/dicom';
import type { Rng } from '../random/rng';
import type { Uid } from '@triage/dicom';
import { empty, pn, text } from './attributes';

/** Who and when: the patient and study attributes shared by every instance of a study. */
export interface StudyContext {
  patientName: string;
  patientId: string;
  birthDate: string;
  sex: 'F' | 'M';
  /** Age at the study, as AS (`054Y`). */
  age: string;
  studyDate: string;
  studyTime: string;
  accessionNumber: string;
  studyId: string;
  studyInstanceUid: Uid;
}

/** Draws a plausible patient and study date from `rng`; names carry `SYNTHETIC` and the case number. */
export function drawStudyContext(rng: Rng, kind: 'CHEST' | 'CT', caseNumber: number, studyInstanceUid: Uid): StudyContext {
  const number = String(caseNumber).padStart(4, '0');
  const sex = rng.chance(0.5) ? 'F' : 'M';
  const ageYears = rng.int(18, 92);
  // Studies fall within 2021–2024 at working hours; no real calendar is needed, only valid dates.
  const year = 2021 + rng.int(0, 3);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const birthYear = year - ageYears - (rng.chance(0.5) ? 1 : 0);
  const birthMonth = rng.int(1, 12);
  const birthDay = rng.int(1, 28);
  const ageAtStudy = year - birthYear - (birthMonth * 100 + birthDay > month * 100 + day ? 1 : 0);
  return {
    patientName: `SYNTHETIC^${kind}${number}`,
    patientId: `SYN-${kind === 'CHEST' ? 'CX' : 'CT'}-${hex(rng, 8)}`,
    birthDate: `${birthYear}${pad2(birthMonth)}${pad2(birthDay)}`,
    sex,
    age: `${String(ageAtStudy).padStart(3, '0')}Y`,
    studyDate: `${year}${pad2(month)}${pad2(day)}`,
    studyTime: `${pad2(rng.int(7, 19))}${pad2(rng.int(0, 59))}${pad2(rng.int(0, 59))}`,
    accessionNumber: `SYN${String(rng.int(0, 99999999)).padStart(8, '0')}`,
    studyId: String(rng.int(1000, 99999)),
    studyInstanceUid,
  };
}

/** Patient and General Study module attributes. */
export function studyAttributes(ctx: StudyContext, description: string): DicomJsonDataset {
  return {
    '00100010': pn(ctx.patientName),
    '00100020': text('LO', ctx.patientId),
    '00100030': text('DA', ctx.birthDate),
    '00100040': text('CS', ctx.sex),
    '00101010': text('AS', ctx.age),
    '0020000D': text('UI', ctx.studyInstanceUid),
    '00080020': text('DA', ctx.studyDate),
    '00080030': text('TM', ctx.studyTime),
    '00080050': text('SH', ctx.accessionNumber),
    '00200010': text('SH', ctx.studyId),
    '00080090': empty('PN'),
    '00081030': text('LO', description),
  };
}

/** Series-level timing: the series starts a few minutes into the study. */
export function seriesTime(ctx: StudyContext, minutesLater: number): string {
  const h = Number(ctx.studyTime.slice(0, 2));
  const m = Number(ctx.studyTime.slice(2, 4));
  const s = Number(ctx.studyTime.slice(4, 6));
  const total = Math.min(h * 3600 + m * 60 + s + Math.round(minutesLater * 60), 86399);
  return `${pad2(Math.floor(total / 3600))}${pad2(Math.floor(total / 60) % 60)}${pad2(total % 60)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function hex(rng: Rng, digits: number): string {
  let s = '';
  for (let i = 0; i < digits; i++) s += '0123456789ABCDEF'[rng.int(0, 15)];
  return s;
}

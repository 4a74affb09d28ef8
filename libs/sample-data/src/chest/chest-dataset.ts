import type { DicomJsonDataset } from '@triage/dicom';
import { code, ds, empty, int, is, sq, text } from '../dicom/attributes';
import type { StudyContext } from '../dicom/study-context';
import { seriesTime, studyAttributes } from '../dicom/study-context';
import { syntheticAttributes, truthBlock } from '../dicom/synthetic-marking';
import type { ChestTruth } from '../types';
import type { Uid } from '@triage/dicom';

/** Digital X-Ray Image Storage – For Presentation. */
export const DX_FOR_PRESENTATION = '1.2.840.10008.5.1.4.1.1.1.1';

/** What the DX data set is built from. */
export interface ChestDatasetInput {
  study: StudyContext;
  seriesInstanceUid: Uid;
  sopInstanceUid: Uid;
  size: number;
  /** Detector-plane spacing (mm) and the radiographic magnification, which give the patient-plane spacing. */
  imagerSpacing: number;
  magnification: number;
  window: { center: number; width: number };
  truth: ChestTruth;
  origin: string;
}

/** The DX For Presentation data set (no pixel data) of one radiograph. */
export function chestDataset(input: ChestDatasetInput): DicomJsonDataset {
  const { study, truth, size } = input;
  const pa = truth.view === 'PA';
  const sid = pa ? 1800 : 1000;
  const time = seriesTime(study, 2);
  return {
    ...studyAttributes(study, 'SYNTHETIC XR CHEST'),
    ...syntheticAttributes('sample-data chest DX'),
    '00080016': text('UI', DX_FOR_PRESENTATION),
    '00080018': text('UI', input.sopInstanceUid),
    '00080008': text('CS', 'DERIVED', 'PRIMARY'),
    '00082111': text('ST', 'Synthetic image computed by triage sample-data; no acquisition took place'),
    '00080021': text('DA', study.studyDate),
    '00080023': text('DA', study.studyDate),
    '00080031': text('TM', time),
    '00080033': text('TM', time),
    '0008002A': text('DT', `${study.studyDate}${time}`),
    '00080060': text('CS', 'DX'),
    '00080068': text('CS', 'FOR PRESENTATION'),
    '0020000E': text('UI', input.seriesInstanceUid),
    '00200011': is(1),
    '00200013': is(1),
    '00200012': is(1),
    '0008103E': text('LO', `SYNTHETIC CHEST ${truth.view}`),
    '00200020': text('CS', 'L', 'F'),
    '00200062': text('CS', 'U'),
    '00180015': text('CS', 'CHEST'),
    '00082218': sq(code('43799004', 'SCT', 'Chest')),
    '00185101': text('CS', truth.view),
    '00540220': sq(code(pa ? '399348003' : '399182000', 'SCT', pa ? 'postero-anterior' : 'antero-posterior')),
    '00185100': empty('CS'),
    '00181164': ds(input.imagerSpacing, input.imagerSpacing),
    '00280030': ds(input.imagerSpacing / input.magnification, input.imagerSpacing / input.magnification),
    '00280A02': text('CS', 'GEOMETRY'),
    '00181114': ds(input.magnification),
    '00181110': ds(sid),
    '00181111': ds(sid / input.magnification),
    '00187004': text('CS', 'SCINTILLATOR'),
    '0018700A': text('SH', 'SYN-DET-1'),
    '00180060': ds(pa ? 120 : 90),
    '00181150': is(pa ? 12 : 20),
    '00181151': is(pa ? 250 : 200),
    '00181152': is(pa ? 3 : 4),
    '00280002': int('US', 1),
    '00280004': text('CS', 'MONOCHROME2'),
    '00280010': int('US', size),
    '00280011': int('US', size),
    '00280100': int('US', 16),
    '00280101': int('US', 12),
    '00280102': int('US', 11),
    '00280103': int('US', 0),
    '00281040': text('CS', 'LOG'),
    '00281041': int('SS', 1),
    '00281052': ds(0),
    '00281053': ds(1),
    '00281054': text('LO', 'US'),
    '00281050': ds(input.window.center),
    '00281051': ds(input.window.width),
    '00281055': text('LO', 'SYNTHETIC'),
    '20500020': text('CS', 'IDENTITY'),
    '00282110': text('CS', '00'),
    '00280301': text('CS', 'NO'),
    ...truthBlock('chest', input.origin, truth, truth.label),
  };
}

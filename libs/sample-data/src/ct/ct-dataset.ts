import type { DicomJsonDataset } from '@triage/dicom';
import { ds, empty, int, is, text } from '../dicom/attributes';
import type { StudyContext } from '../dicom/study-context';
import { seriesTime, studyAttributes } from '../dicom/study-context';
import { syntheticAttributes, truthBlock } from '../dicom/synthetic-marking';
import type { CtTruth } from '../types';
import type { Uid } from '@triage/dicom';
import { CT_RESCALE_INTERCEPT } from './render-slice';

/** CT Image Storage. */
export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

/** Window presets written in every slice: the first is what viewers open with. */
export const CT_WINDOWS = [
  { name: 'MEDIASTINUM', center: 40, width: 400 },
  { name: 'LUNG', center: -600, width: 1500 },
  { name: 'BONE', center: 400, width: 1800 },
] as const;

/** The attributes every slice of a series shares. */
export interface CtSeriesInput {
  study: StudyContext;
  seriesInstanceUid: Uid;
  frameOfReferenceUid: Uid;
  rows: number;
  columns: number;
  pixelSpacing: number;
  /** Reconstruction field of view (mm). */
  fieldOfView: number;
  /** Patient x and y of the first pixel's centre. */
  originX: number;
  originY: number;
  sliceThickness: number;
  slices: number;
  truth: CtTruth;
  origin: string;
}

/** The CT Image data set (no pixel data) of slice `index` (0-based) at patient z `z`. */
export function ctSliceDataset(series: CtSeriesInput, index: number, z: number, sopInstanceUid: Uid): DicomJsonDataset {
  const { study } = series;
  const time = seriesTime(study, 3);
  return {
    ...studyAttributes(study, 'SYNTHETIC CT CHEST'),
    ...syntheticAttributes('sample-data chest CT'),
    '00080016': text('UI', CT_IMAGE_STORAGE),
    '00080018': text('UI', sopInstanceUid),
    '00080008': text('CS', 'DERIVED', 'PRIMARY', 'AXIAL'),
    '00082111': text('ST', 'Synthetic image computed by triage sample-data; no acquisition took place'),
    '00080021': text('DA', study.studyDate),
    '00080022': text('DA', study.studyDate),
    '00080023': text('DA', study.studyDate),
    '00080031': text('TM', time),
    '00080032': text('TM', time),
    '00080033': text('TM', time),
    '00080060': text('CS', 'CT'),
    '0020000E': text('UI', series.seriesInstanceUid),
    '00200011': is(2),
    '0008103E': text('LO', `SYNTHETIC CHEST ${formatMm(series.sliceThickness)}mm`),
    '00185100': text('CS', 'HFS'),
    '00180015': text('CS', 'CHEST'),
    '00200052': text('UI', series.frameOfReferenceUid),
    '00201040': empty('LO'),
    '00200012': is(1),
    '00200013': is(index + 1),
    '00200032': ds(series.originX, series.originY, z),
    '00200037': ds(1, 0, 0, 0, 1, 0),
    '00201041': ds(z),
    '00180050': ds(series.sliceThickness),
    '00180088': ds(series.sliceThickness),
    '00280030': ds(series.pixelSpacing, series.pixelSpacing),
    '00181100': ds(series.fieldOfView),
    '00180090': ds(500),
    '00180060': ds(120),
    '00181120': ds(0),
    '00181130': ds(120),
    '00181140': text('CS', 'CW'),
    '00181150': is(500),
    '00181151': is(200),
    '00181152': is(100),
    '00181210': text('SH', 'STANDARD'),
    '00180022': text('CS', 'HELICAL MODE'),
    '00280002': int('US', 1),
    '00280004': text('CS', 'MONOCHROME2'),
    '00280010': int('US', series.rows),
    '00280011': int('US', series.columns),
    '00280100': int('US', 16),
    '00280101': int('US', 16),
    '00280102': int('US', 15),
    '00280103': int('US', 1),
    '00281052': ds(CT_RESCALE_INTERCEPT),
    '00281053': ds(1),
    '00281054': text('LO', 'HU'),
    '00281050': ds(...CT_WINDOWS.map((w) => w.center)),
    '00281051': ds(...CT_WINDOWS.map((w) => w.width)),
    '00281055': text('LO', ...CT_WINDOWS.map((w) => w.name)),
    '00282110': text('CS', '00'),
    '00280301': text('CS', 'NO'),
    ...truthBlock('ct', series.origin, series.truth),
  };
}

function formatMm(mm: number): string {
  return String(Math.round(mm * 1000) / 1000);
}

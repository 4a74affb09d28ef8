import { jsonString, type DicomJsonDataset } from '@triage/dicom';
import type { DisplayParameters } from './window-pixels';

/** The Modality LUT and first VOI window of a data set (multi-valued windows: the first is the one the modality meant first). */
export function displayParameters(dataset: DicomJsonDataset, photometric: string): DisplayParameters {
  const center = numberOf(dataset, '00281050');
  const width = numberOf(dataset, '00281051');
  const fn = jsonString(dataset, '00281056')?.trim().toUpperCase();
  const display: DisplayParameters = {
    rescaleSlope: numberOf(dataset, '00281053') ?? 1,
    rescaleIntercept: numberOf(dataset, '00281052') ?? 0,
    invert: photometric.trim() === 'MONOCHROME1',
  };
  if (center !== undefined && width !== undefined && width > 0)
    display.window = { center, width, function: fn === 'SIGMOID' ? 'SIGMOID' : fn === 'LINEAR_EXACT' ? 'LINEAR_EXACT' : 'LINEAR' };
  return display;
}

/** A DS or IS value as a number, whether the JSON holds it as a number or as text. */
function numberOf(dataset: DicomJsonDataset, tag: string): number | undefined {
  const text = jsonString(dataset, tag);
  const value = text === undefined ? NaN : Number(text);
  return Number.isFinite(value) ? value : undefined;
}

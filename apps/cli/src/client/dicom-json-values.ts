import type { JsonDataset } from '@triage/dicomweb';

/** The values of one attribute of a DICOM JSON data set as display text (person names by their alphabetic form). */
export function displayValue(dataset: JsonDataset, tag: string): string {
  const values = dataset[tag]?.Value ?? [];
  return values
    .map((v) => (v && typeof v === 'object' ? String((v as { Alphabetic?: string }).Alphabetic ?? '') : String(v ?? '')))
    .join('\\');
}

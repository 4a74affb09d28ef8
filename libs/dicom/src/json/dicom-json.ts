/** A DICOM JSON model attribute (PS3.18 F.2.2). */
export interface DicomJsonAttribute {
  vr: string;
  Value?: DicomJsonValue[];
  InlineBinary?: string;
  BulkDataURI?: string;
}

/** Person name in the DICOM JSON model (PS3.18 F.2.2). */
export interface PersonName {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

/** One value of an attribute: a string, number, person name or sequence item. */
export type DicomJsonValue = string | number | PersonName | DicomJsonDataset | null;

/** A data set in the DICOM JSON model, keyed by 8-hex-digit tags (`00100010`). */
export type DicomJsonDataset = Record<string, DicomJsonAttribute>;

/** The first value of an attribute as a string, or undefined. */
export function jsonString(dataset: DicomJsonDataset, tag: string): string | undefined {
  const value = dataset[tag]?.Value?.[0];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') return (value as PersonName).Alphabetic;
  return String(value);
}

/** The first value of an attribute as a number, or undefined. */
export function jsonNumber(dataset: DicomJsonDataset, tag: string): number | undefined {
  const value = dataset[tag]?.Value?.[0];
  return typeof value === 'number' ? value : undefined;
}

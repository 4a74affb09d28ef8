import type { DicomJsonAttribute, DicomJsonDataset } from '@triage/dicom';

/** A text attribute (CS, LO, SH, UI, DA, TM, LT, …); several values become a multi-valued attribute. */
export function text(vr: string, ...values: string[]): DicomJsonAttribute {
  return { vr, Value: values };
}

/** A binary integer attribute (US, SS, UL, SL). */
export function int(vr: 'US' | 'SS' | 'UL' | 'SL', ...values: number[]): DicomJsonAttribute {
  return { vr, Value: values };
}

/**
 * A decimal string (DS): formatted here, not by the writer, so every value fits the 16-byte limit
 * and the bytes never depend on how a number happens to print.
 */
export function ds(...values: number[]): DicomJsonAttribute {
  return { vr: 'DS', Value: values.map(formatDs) };
}

/** An integer string (IS). */
export function is(...values: number[]): DicomJsonAttribute {
  return { vr: 'IS', Value: values.map((v) => String(Math.round(v))) };
}

/** A person name. */
export function pn(alphabetic: string): DicomJsonAttribute {
  return { vr: 'PN', Value: [{ Alphabetic: alphabetic }] };
}

/** A type 2 attribute present with no value. */
export function empty(vr: string): DicomJsonAttribute {
  return { vr };
}

/** A sequence of items. */
export function sq(...items: DicomJsonDataset[]): DicomJsonAttribute {
  return { vr: 'SQ', Value: items };
}

/** A coded concept item (Code Sequence Macro). */
export function code(value: string, scheme: string, meaning: string): DicomJsonDataset {
  return { '00080100': text('SH', value), '00080102': text('SH', scheme), '00080104': text('LO', meaning) };
}

/** Formats a number as a DS value of at most 16 characters (6 decimals, trailing zeros dropped). */
export function formatDs(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`DS value ${value} is not finite`);
  let s = value.toFixed(6).replace(/\.?0+$/, '');
  if (s === '-0') s = '0';
  if (s.length > 16) s = value.toPrecision(10).replace(/\.?0+(e|$)/, '$1');
  return s;
}

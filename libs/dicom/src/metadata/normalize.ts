import { dictionaryVr, keywordOf, tagOfKeyword } from '../dictionary/dictionary';
import type { DicomJsonAttribute, DicomJsonDataset, PersonName } from '../json/dicom-json';
import type { NormalizedAttributes } from './metadata-types';

/** The result of {@link normalizeDataset}: keyword-keyed values and the VRs a reader could not infer. */
export interface Normalized {
  attributes: NormalizedAttributes;
  vrs: Record<string, string>;
}

/**
 * Turns a DICOM JSON data set into HealthImaging's keyword-keyed form: single values unwrapped,
 * multiple values as arrays, person names as their alphabetic string, sequences as arrays of items.
 * Attributes without a keyword (private ones) keep their 8-hex tag as key and get their VR recorded.
 */
export function normalizeDataset(dataset: DicomJsonDataset): Normalized {
  const attributes: NormalizedAttributes = {};
  const vrs: Record<string, string> = {};
  for (const [tag, attr] of Object.entries(dataset)) {
    const key = keywordOf(tag) ?? tag;
    const value = normalizeValue(attr);
    if (value === undefined) continue;
    attributes[key] = value;
    if (key === tag || dictionaryVr(tag) !== attr.vr) vrs[key] = attr.vr;
  }
  return { attributes, vrs };
}

function normalizeValue(attr: DicomJsonAttribute): unknown {
  if (attr.InlineBinary !== undefined) return attr.InlineBinary;
  if (attr.BulkDataURI !== undefined) return undefined;
  if (!attr.Value || attr.Value.length === 0) return attr.vr === 'SQ' ? [] : null;
  if (attr.vr === 'SQ') return attr.Value.map((item) => normalizeDataset(item as DicomJsonDataset).attributes);
  const values = attr.Value.map((v) => (attr.vr === 'PN' && v && typeof v === 'object' ? personNameString(v as PersonName) : v));
  return values.length === 1 ? values[0] : values;
}

function personNameString(name: PersonName): string {
  return [name.Alphabetic ?? '', name.Ideographic ?? '', name.Phonetic ?? ''].join('=').replace(/=+$/, '');
}

/** The inverse of {@link normalizeDataset}: rebuilds DICOM JSON from HealthImaging's form (for WADO-RS metadata and export). */
export function denormalizeDataset(attributes: NormalizedAttributes, vrs: Record<string, string> = {}): DicomJsonDataset {
  const out: DicomJsonDataset = {};
  for (const [key, value] of Object.entries(attributes)) {
    const tag = /^[0-9A-F]{8}$/.test(key) ? key : tagOfKeyword(key);
    if (!tag) continue;
    const vr = vrs[key] ?? dictionaryVr(tag);
    out[tag] = denormalizeValue(vr, value);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function denormalizeValue(vr: string, value: unknown): DicomJsonAttribute {
  if (value === null || value === undefined) return { vr };
  if (vr === 'SQ') {
    const items = (value as NormalizedAttributes[]).map((item) => denormalizeDataset(item));
    return items.length ? { vr, Value: items } : { vr };
  }
  if (['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN'].includes(vr) && typeof value === 'string') return { vr, InlineBinary: value };
  const values = Array.isArray(value) ? value : [value];
  if (vr === 'PN') {
    return {
      vr,
      Value: values.map((v) => {
        if (v === null) return null;
        const [Alphabetic, Ideographic, Phonetic] = String(v).split('=');
        return Object.fromEntries(Object.entries({ Alphabetic, Ideographic, Phonetic }).filter(([, s]) => s)) as PersonName;
      }),
    };
  }
  return { vr, Value: values as (string | number | null)[] };
}

/// <reference path="./dcmjs.d.ts" />
import * as dcmjs from 'dcmjs';

/** A DICOM value representation, e.g. `PN`, `US`, `OB`. */
export type Vr = string;

/** A tag as 8 upper-case hex digits, the DICOM JSON key form: `00100010`. */
export type TagKey = string;

const dictionary = dcmjs.data.DicomMetaDictionary.dictionary;
const nameMap = dcmjs.data.DicomMetaDictionary.nameMap;

/** Normalises `x00100010`, `(0010,0010)` or `00100010` to `00100010`. */
export function tagKey(tag: string): TagKey {
  return tag
    .replace(/[^0-9a-fA-F]/g, '')
    .slice(-8)
    .toUpperCase()
    .padStart(8, '0');
}

/** Keyword of a tag from the standard data dictionary (`PatientName`), or undefined. */
export function keywordOf(tag: string): string | undefined {
  return entryOf(tagKey(tag))?.name.replace(/^RETIRED_/, '');
}

/** The tag of a keyword (`PatientName` → `00100010`), or undefined. */
export function tagOfKeyword(keyword: string): TagKey | undefined {
  const entry = nameMap[keyword] ?? nameMap[`RETIRED_${keyword}`];
  return entry ? tagKey(entry.tag) : undefined;
}

/** Context that settles the VRs the dictionary leaves open (US or SS, OB or OW). */
export interface VrContext {
  pixelRepresentation?: number;
  bitsAllocated?: number;
}

/**
 * The VR of a tag when the encoding does not say (implicit VR): from the dictionary,
 * with the ambiguous ones settled by context as PS3.5 Annex A says; UN when unknown.
 */
export function dictionaryVr(tag: string, context: VrContext = {}): Vr {
  const key = tagKey(tag);
  if (key.endsWith('0000')) return 'UL';
  const group = parseInt(key.slice(0, 4), 16);
  if (group % 2 === 1) {
    // Private creators are LO; other private data has no dictionary.
    const element = parseInt(key.slice(4), 16);
    return element >= 0x0010 && element <= 0x00ff ? 'LO' : 'UN';
  }
  // Overlay data: the dictionary dcmjs ships gets the 60xx repeating group wrong.
  if (key.startsWith('60') && key.endsWith('3000')) return 'OW';
  const entry = entryOf(key);
  if (!entry) return 'UN';
  return settle(entry.vr, key, context);
}

function settle(vr: string, key: TagKey, context: VrContext): Vr {
  if (/^[A-Z]{2}$/.test(vr)) return vr;
  const v = vr.toLowerCase();
  if (v === 'ox') return key === '7FE00010' && (context.bitsAllocated ?? 16) <= 8 ? 'OB' : 'OW';
  if (v === 'xs' || v === 'lt') return context.pixelRepresentation === 1 ? 'SS' : 'US';
  if (v === 'xo') return 'OW';
  return vr.toUpperCase().slice(0, 2);
}

function entryOf(key: TagKey): dcmjs.DictionaryEntry | undefined {
  if (parseInt(key.slice(0, 4), 16) % 2 === 1) return undefined;
  const paren = `(${key.slice(0, 4)},${key.slice(4)})`;
  const direct = dictionary[paren];
  if (direct) return direct;
  // Repeating groups (curves, overlays): 50xx / 60xx.
  if (!/^(50|60)/.test(key)) return undefined;
  const repeating = `(${key.slice(0, 2)}xx,${key.slice(4)})`;
  return dictionary[repeating];
}

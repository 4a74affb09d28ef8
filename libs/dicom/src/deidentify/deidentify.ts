import { keywordOf, tagOfKeyword } from '../dictionary/dictionary';
import type { DicomJsonAttribute, DicomJsonDataset } from '../json/dicom-json';
import { hashUid } from '../uid/hash-uid';
import { BASIC_PROFILE, KEPT_UIDS } from './basic-profile';

/** Options for {@link deidentify}. */
export interface DeidentifyOptions {
  /** Secret that keys the UID mapping: the same key maps the same UID to the same new UID, across runs and files. */
  uidKey: string | Uint8Array;
  /** Replacement for PatientName and PatientID (Z/D attributes that must stay non-empty for training exports). */
  pseudonym?: string;
}

/** Maps a UID to a new `2.25.` UID (PS3.5 B.2) keyed by HMAC-SHA-256, so one input always gives one output. */
export function replaceUid(uid: string, key: string | Uint8Array): string {
  return hashUid([uid], key);
}

/**
 * De-identifies a DICOM JSON data set with the PS3.15 Annex E basic profile: removes, blanks or
 * replaces each listed attribute, replaces every instance UID consistently, removes all private
 * attributes and overlays, and records what was done (PatientIdentityRemoved, DeidentificationMethod
 * and its code sequence, 113100). Returns a new data set; the input is left as it was.
 */
export function deidentify(dataset: DicomJsonDataset, options: DeidentifyOptions): DicomJsonDataset {
  const out = clean(dataset, options);
  set(out, 'PatientIdentityRemoved', { vr: 'CS', Value: ['YES'] });
  set(out, 'DeidentificationMethod', { vr: 'LO', Value: ['triage: PS3.15 E.1 Basic Profile'] });
  set(out, 'DeidentificationMethodCodeSequence', {
    vr: 'SQ',
    Value: [
      {
        '00080100': { vr: 'SH', Value: ['113100'] },
        '00080102': { vr: 'SH', Value: ['DCM'] },
        '00080104': { vr: 'LO', Value: ['Basic Application Confidentiality Profile'] },
      },
    ],
  });
  if (options.pseudonym) {
    set(out, 'PatientName', { vr: 'PN', Value: [{ Alphabetic: options.pseudonym }] });
    set(out, 'PatientID', { vr: 'LO', Value: [options.pseudonym] });
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function clean(dataset: DicomJsonDataset, options: DeidentifyOptions): DicomJsonDataset {
  const out: DicomJsonDataset = {};
  for (const [tag, attr] of Object.entries(dataset)) {
    const group = parseInt(tag.slice(0, 4), 16);
    if (group % 2 === 1) continue; // private
    if ((group & 0xff00) === 0x6000 || (group & 0xff00) === 0x5000) continue; // overlays, curves
    const keyword = keywordOf(tag) ?? '';
    const action = BASIC_PROFILE[keyword];
    if (action === 'X') continue;
    if (action === 'Z') {
      out[tag] = { vr: attr.vr };
      continue;
    }
    if (action === 'D') {
      out[tag] = dummy(attr);
      continue;
    }
    if (attr.vr === 'UI' && !KEPT_UIDS.has(keyword)) {
      out[tag] = { vr: 'UI', Value: (attr.Value ?? []).map((v) => (typeof v === 'string' ? replaceUid(v, options.uidKey) : v)) };
      continue;
    }
    if (attr.vr === 'SQ') {
      out[tag] = { vr: 'SQ', Value: (attr.Value ?? []).map((item) => clean(item as DicomJsonDataset, options)) };
      continue;
    }
    out[tag] = attr;
  }
  return out;
}

function dummy(attr: DicomJsonAttribute): DicomJsonAttribute {
  switch (attr.vr) {
    case 'PN':
      return { vr: 'PN', Value: [{ Alphabetic: 'ANONYMOUS' }] };
    case 'SQ':
      return { vr: 'SQ', Value: [] };
    case 'DA':
      return { vr: 'DA', Value: ['19000101'] };
    case 'TM':
      return { vr: 'TM', Value: ['000000'] };
    default:
      return { vr: attr.vr };
  }
}

function set(dataset: DicomJsonDataset, keyword: string, attr: DicomJsonAttribute): void {
  const tag = tagOfKeyword(keyword);
  if (tag) dataset[tag] = attr;
}

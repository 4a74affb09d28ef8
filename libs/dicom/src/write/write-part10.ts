/// <reference path="../dictionary/dcmjs.d.ts" />
import * as dcmjs from 'dcmjs';
import { DicomError } from '../errors/dicom-error';
import type { DicomJsonDataset, DicomJsonValue } from '../json/dicom-json';
import { jsonString } from '../json/dicom-json';
import { TransferSyntax, transferSyntaxTraits } from '../transfer-syntax/transfer-syntax';

/** Our implementation class UID (a 2.25 UUID-derived root) and version, written in every file meta header. */
export const IMPLEMENTATION_CLASS_UID = '2.25.302563844216937164538870917146651426711';
export const IMPLEMENTATION_VERSION_NAME = 'TRIAGE_010';

/** Options for {@link writePart10}. */
export interface WriteOptions {
  /** Default Explicit VR Little Endian. Encapsulated syntaxes need `pixelData` as one bitstream per frame. */
  transferSyntaxUid?: string;
  /** Native pixel data (little-endian samples) or, for an encapsulated syntax, one compressed bitstream per frame. */
  pixelData?: Uint8Array | Uint8Array[];
  /** Names the output in errors. */
  source?: string;
}

// dcmjs logs through loglevel; its warnings about values would go to stdout of servers and CLIs.
dcmjs.log.setLevel('error');

/** Writes a DICOM Part 10 file (preamble, meta header, data set) with dcmjs. */
export function writePart10(dataset: DicomJsonDataset, options: WriteOptions = {}): Uint8Array {
  const source = options.source ?? 'output';
  const transferSyntaxUid = options.transferSyntaxUid ?? TransferSyntax.ExplicitVRLittleEndian;
  const traits = transferSyntaxTraits(transferSyntaxUid);
  if (!traits) throw new DicomError(`cannot write transfer syntax ${transferSyntaxUid}`, source, '(0002,0010)');
  const sopClassUid = jsonString(dataset, '00080016');
  const sopInstanceUid = jsonString(dataset, '00080018');
  if (!sopClassUid) throw new DicomError('SOPClassUID is missing', source, '(0008,0016)');
  if (!sopInstanceUid) throw new DicomError('SOPInstanceUID is missing', source, '(0008,0018)');
  const meta = {
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [sopClassUid] },
    '00020003': { vr: 'UI', Value: [sopInstanceUid] },
    '00020010': { vr: 'UI', Value: [transferSyntaxUid] },
    '00020012': { vr: 'UI', Value: [IMPLEMENTATION_CLASS_UID] },
    '00020013': { vr: 'SH', Value: [IMPLEMENTATION_VERSION_NAME] },
  };
  const dict = new dcmjs.data.DicomDict(meta);
  dict.dict = toDcmjs(dataset, source);
  // dcmjs encodes text as UTF-8, so a data set with non-ASCII text must say so.
  if (!isAscii(JSON.stringify(dataset))) dict.dict['00080005'] = { vr: 'CS', Value: ['ISO_IR 192'] };
  if (options.pixelData) dict.dict['7FE00010'] = pixelAttribute(dataset, options.pixelData, traits.encapsulated, source);
  try {
    return new Uint8Array(dict.write({ fragmentMultiframe: false, allowInvalidVRLength: true }));
  } catch (error) {
    throw new DicomError(`cannot write: ${(error as Error).message}`, source, undefined, { cause: error });
  }
}

function pixelAttribute(dataset: DicomJsonDataset, pixelData: Uint8Array | Uint8Array[], encapsulated: boolean, source: string): unknown {
  if (encapsulated) {
    if (!Array.isArray(pixelData))
      throw new DicomError('an encapsulated transfer syntax needs one bitstream per frame', source, '(7FE0,0010)');
    return { vr: 'OB', Value: pixelData.map(toArrayBuffer) };
  }
  if (Array.isArray(pixelData)) throw new DicomError('native pixel data is one buffer, not frames', source, '(7FE0,0010)');
  const bitsAllocated = Number(dataset['00280100']?.Value?.[0] ?? 16);
  return { vr: bitsAllocated > 8 ? 'OW' : 'OB', Value: [toArrayBuffer(pixelData)] };
}

function toDcmjs(dataset: DicomJsonDataset, source: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [tag, attr] of Object.entries(dataset)) {
    if (tag.startsWith('0002')) continue;
    if (attr.BulkDataURI) throw new DicomError(`${tag} is a BulkDataURI: resolve it before writing`, source, tag);
    if (attr.InlineBinary !== undefined) {
      out[tag] = { vr: attr.vr, Value: [toArrayBuffer(Buffer.from(attr.InlineBinary, 'base64'))] };
    } else if (attr.vr === 'AT') {
      // dcmjs writes AT from the 32-bit tag number.
      out[tag] = { vr: 'AT', Value: (attr.Value ?? []).map((v) => parseInt(String(v), 16)) };
    } else if (attr.vr === 'SQ') {
      out[tag] = { vr: 'SQ', Value: (attr.Value ?? []).map((item) => toDcmjs(item as DicomJsonDataset, source)) };
    } else {
      out[tag] = { vr: attr.vr, Value: (attr.Value ?? []).map((v) => nullToEmpty(v, attr.vr)) };
    }
  }
  return out;
}

function nullToEmpty(value: DicomJsonValue, vr: string): DicomJsonValue {
  if (value !== null) return value;
  return vr === 'PN' ? {} : '';
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

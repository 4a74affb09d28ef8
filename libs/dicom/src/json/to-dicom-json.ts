import type { TextDecoder } from 'node:util';
import type * as dicomParser from 'dicom-parser';
import { DicomError, formatTag } from '../errors/dicom-error';
import { dictionaryVr, tagKey } from '../dictionary/dictionary';
import type { DicomFile } from '../parse/read-part10';
import { transferSyntaxTraits } from '../transfer-syntax/transfer-syntax';
import { swapWords } from '../frames/byte-order';
import { textDecoderFor } from './charset';
import type { DicomJsonAttribute, DicomJsonDataset, DicomJsonValue, PersonName } from './dicom-json';

/** Options for {@link toDicomJson}. */
export interface ToJsonOptions {
  /** Include the file meta group (0002,xxxx). Default false, as in WADO-RS metadata. */
  includeMeta?: boolean;
  /** Binary values larger than this many bytes become BulkDataURI (when `bulkDataUri` is set) or are left out. Default 1024. */
  bulkDataThreshold?: number;
  /** Builds the BulkDataURI of a large binary attribute, from its tag path (`00540016.0.00181072`). */
  bulkDataUri?: (tagPath: string) => string;
  /** Leave pixel data out entirely (it is served as frames). Default true. */
  omitPixelData?: boolean;
}

const STRING_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DT', 'LO', 'SH', 'TM', 'UC', 'UI']);
const TEXT_VRS = new Set(['LT', 'ST', 'UT', 'UR']);
const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
const PIXEL_TAGS = new Set(['7FE00010', '7FE00008', '7FE00009']);
const NUMERIC: Record<string, { size: number; read: (p: dicomParser.ByteArrayParser, b: dicomParser.ByteArray, o: number) => number }> = {
  US: { size: 2, read: (p, b, o) => p.readUint16(b, o) },
  SS: { size: 2, read: (p, b, o) => p.readInt16(b, o) },
  UL: { size: 4, read: (p, b, o) => p.readUint32(b, o) },
  SL: { size: 4, read: (p, b, o) => p.readInt32(b, o) },
  FL: { size: 4, read: (p, b, o) => p.readFloat(b, o) },
  FD: { size: 8, read: (p, b, o) => p.readDouble(b, o) },
};

/** Converts a parsed file to the DICOM JSON model (PS3.18 F.2), decoding text by its Specific Character Set. */
export function toDicomJson(file: DicomFile, options: ToJsonOptions = {}): DicomJsonDataset {
  const context = {
    file,
    options: { includeMeta: false, bulkDataThreshold: 1024, omitPixelData: true, ...options },
    bigEndian: transferSyntaxTraits(file.transferSyntaxUid)?.bigEndian ?? false,
    pixelRepresentation: file.dataSet.uint16('x00280103'),
    bitsAllocated: file.dataSet.uint16('x00280100'),
  };
  return convert(file.dataSet, context, '', textDecoderFor(file.dataSet.string('x00080005')));
}

interface Context {
  file: DicomFile;
  options: Required<Pick<ToJsonOptions, 'includeMeta' | 'bulkDataThreshold' | 'omitPixelData'>> & ToJsonOptions;
  bigEndian: boolean;
  pixelRepresentation?: number;
  bitsAllocated?: number;
}

function convert(dataSet: dicomParser.DataSet, context: Context, path: string, decoder: TextDecoder): DicomJsonDataset {
  const out: DicomJsonDataset = {};
  // A nested item may declare its own character set.
  const itemCharset = path ? dataSet.elements['x00080005'] : undefined;
  const text = itemCharset ? textDecoderFor(dataSet.string('x00080005')) : decoder;
  for (const tag of Object.keys(dataSet.elements).sort()) {
    const key = tagKey(tag);
    if (!context.options.includeMeta && key.startsWith('0002')) continue;
    if (key.startsWith('FFFE')) continue;
    if (context.options.omitPixelData && PIXEL_TAGS.has(key) && !path) continue;
    const element = dataSet.elements[tag];
    try {
      out[key] = attribute(dataSet, element, key, context, path ? `${path}.${key}` : key, text);
    } catch (error) {
      if (error instanceof DicomError) throw error;
      throw new DicomError(`cannot read value: ${(error as Error).message}`, context.file.source, formatTag(key));
    }
  }
  return out;
}

function attribute(
  dataSet: dicomParser.DataSet,
  element: dicomParser.Element,
  key: string,
  context: Context,
  tagPath: string,
  decoder: TextDecoder,
): DicomJsonAttribute {
  let vr = element.vr ?? dictionaryVr(key, context);
  if (element.items) vr = 'SQ';
  // Explicit UN for a standard attribute: its value is encoded as implicit VR would, so the dictionary's VR reads it (PS3.5 6.2.2).
  if (vr === 'UN' && !context.bigEndian && !element.hadUndefinedLength) {
    const known = dictionaryVr(key, context);
    if (known !== 'UN' && known !== 'SQ') vr = known;
  }
  if (vr === 'SQ') {
    const items = element.items ?? [];
    const Value = items.map((item, i) => (item.dataSet ? convert(item.dataSet, context, `${tagPath}.${i}`, decoder) : {}));
    return Value.length ? { vr, Value } : { vr };
  }
  if (element.length === 0) return { vr };
  const bytes = dataSet.byteArray.subarray(element.dataOffset, element.dataOffset + element.length);
  if (STRING_VRS.has(vr) || TEXT_VRS.has(vr) || vr === 'PN' || vr === 'DS' || vr === 'IS') {
    const raw = decoder.decode(bytes);
    return stringAttribute(vr, raw, key, context);
  }
  const numeric = NUMERIC[vr];
  if (numeric) {
    const count = Math.floor(element.length / numeric.size);
    const Value = Array.from({ length: count }, (_, i) =>
      numeric.read(dataSet.byteArrayParser, dataSet.byteArray, element.dataOffset + i * numeric.size),
    );
    return { vr, Value };
  }
  if (vr === 'AT') {
    const Value = Array.from({ length: Math.floor(element.length / 4) }, (_, i) => {
      const at = element.dataOffset + i * 4;
      const group = dataSet.byteArrayParser.readUint16(dataSet.byteArray, at);
      const elem = dataSet.byteArrayParser.readUint16(dataSet.byteArray, at + 2);
      return (group.toString(16).padStart(4, '0') + elem.toString(16).padStart(4, '0')).toUpperCase();
    });
    return { vr, Value };
  }
  if (vr === 'SV' || vr === 'UV') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const Value = Array.from({ length: Math.floor(bytes.length / 8) }, (_, i) =>
      Number(vr === 'SV' ? view.getBigInt64(i * 8, !context.bigEndian) : view.getBigUint64(i * 8, !context.bigEndian)),
    );
    return { vr, Value };
  }
  if (BINARY_VRS.has(vr) || element.encapsulatedPixelData) {
    if (element.length > context.options.bulkDataThreshold || element.encapsulatedPixelData) {
      return context.options.bulkDataUri ? { vr, BulkDataURI: context.options.bulkDataUri(tagPath) } : { vr };
    }
    return { vr, InlineBinary: Buffer.from(littleEndian(bytes, vr, context.bigEndian)).toString('base64') };
  }
  throw new DicomError(`unknown VR ${vr}`, context.file.source, formatTag(key));
}

function stringAttribute(vr: string, raw: string, key: string, context: Context): DicomJsonAttribute {
  // UI pads with NUL, the others with spaces; LT/ST/UT/UR keep leading spaces and are single-valued.
  const trimmed = raw.replace(/[\0 ]+$/, '');
  const parts = TEXT_VRS.has(vr) ? [trimmed] : trimmed.split('\\').map((s) => (vr === 'PN' ? s.replace(/ +$/, '') : s.trim()));
  if (parts.every((p) => p === '')) return { vr };
  let Value: DicomJsonValue[];
  if (vr === 'PN') {
    Value = parts.map((p) => (p === '' ? null : personName(p)));
  } else if (vr === 'DS' || vr === 'IS') {
    Value = parts.map((p) => {
      if (p === '') return null;
      const n = Number(p);
      if (!Number.isFinite(n) || (vr === 'IS' && !Number.isInteger(n))) {
        throw new DicomError(
          `'${p}' is not a valid ${vr === 'IS' ? 'integer string (IS)' : 'decimal string (DS)'}`,
          context.file.source,
          formatTag(key),
        );
      }
      return n === 0 ? 0 : n; // "-0" is zero
    });
  } else {
    Value = parts.map((p) => (p === '' ? null : p));
  }
  return { vr, Value };
}

function personName(value: string): PersonName {
  const [Alphabetic, Ideographic, Phonetic] = value.split('=');
  const name: PersonName = {};
  if (Alphabetic) name.Alphabetic = Alphabetic;
  if (Ideographic) name.Ideographic = Ideographic;
  if (Phonetic) name.Phonetic = Phonetic;
  return name;
}

function littleEndian(bytes: Uint8Array, vr: string, bigEndian: boolean): Uint8Array {
  const size = { OW: 2, OF: 4, OL: 4, OD: 8, OV: 8 }[vr as 'OW'] ?? 1;
  return bigEndian && size > 1 ? swapWords(bytes, size) : bytes;
}

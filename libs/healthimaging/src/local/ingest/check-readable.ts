import type { DecodedFrame } from '@triage/codec';
import type { DicomJsonAttribute, DicomJsonDataset, NormalizedAttributes, PixelInfo } from '@triage/dicom';
import { denormalizeDataset, dictionaryVr, tagOfKeyword } from '@triage/dicom';
import { IngestRefusedError } from '../../dicom-store';
import { checkIdentity } from './check-identity';
import type { PreparedInstance } from './prepared-instance';

/** What a decoded frame turned out to be: its pixels are handed to the encoder, so only the shape is kept. */
export type DecodedShape = Pick<DecodedFrame, 'rows' | 'columns' | 'samplesPerPixel' | 'bitsAllocated'> & { bytes: number };

/** What {@link checkReadable} looks at: the prepared instance, the data set as received, and (with pixel data) the pixel module and every decoded frame. */
export interface ReadableCheckInput {
  prepared: PreparedInstance;
  /** The data set as received, in DICOM JSON: the VRs the sender wrote. */
  received: DicomJsonDataset;
  pixels?: { info: PixelInfo; decoded: DecodedShape[] };
}

/** The Image Pixel attributes the reads rebuild an image from, each a single US value in the standard. */
const PIXEL_ATTRIBUTES: [tag: string, keyword: string, field: keyof PixelInfo, required: boolean][] = [
  ['00280002', 'SamplesPerPixel', 'samplesPerPixel', false],
  ['00280010', 'Rows', 'rows', true],
  ['00280011', 'Columns', 'columns', true],
  ['00280100', 'BitsAllocated', 'bitsAllocated', true],
  ['00280101', 'BitsStored', 'bitsStored', false],
  ['00280102', 'HighBit', 'highBit', false],
  ['00280103', 'PixelRepresentation', 'pixelRepresentation', false],
];

/**
 * Refuses (0xC000, with the reason) an instance that would be acknowledged and then fail every
 * read: its metadata must convert back to the DICOM JSON the reads serve, its pixel module must be
 * the US values the frames were cut by, and every decoded frame must be the image the header
 * describes. Called before anything is written, by every door (STOW-RS, C-STORE, import, direct).
 */
export function checkReadable(input: ReadableCheckInput): void {
  const { prepared } = input;
  const refuse = (reason: string) => new IngestRefusedError(reason, 0xc000, prepared.sopUid, prepared.sopClassUid);
  checkIdentity(prepared, input.received, refuse);
  const served = servedDataset(prepared, refuse);
  if (!input.pixels) return;
  const { info, decoded } = input.pixels;
  checkFrameCount(input.received, served, decoded.length, refuse);
  for (const [tag, keyword, field, required] of PIXEL_ATTRIBUTES) {
    const sent = input.received[tag];
    if (!sent && !required) continue;
    const where = `${keyword} (${tag.slice(0, 4)},${tag.slice(4)})`;
    if (!sent) throw refuse(`${where} is missing: the image cannot be read without it`);
    if (sent.vr !== 'US') throw refuse(`${where} is not a valid value: its VR is ${sent.vr}, the standard's is US (${describe(sent)})`);
    const value = served[tag]?.Value;
    if (value?.length !== 1 || value[0] !== info[field]) {
      throw refuse(`${where} is not a valid value: ${describe(sent)} is not the single value ${info[field]} the pixel data was read with`);
    }
  }
  if (info.highBit >= info.bitsAllocated || info.highBit < info.bitsStored - 1) {
    throw refuse(
      `HighBit (0028,0102) ${info.highBit} is not a valid value for BitsStored ${info.bitsStored} and BitsAllocated ${info.bitsAllocated}`,
    );
  }
  if (info.pixelRepresentation > 1)
    throw refuse(`PixelRepresentation (0028,0103) ${info.pixelRepresentation} is not a valid value (0 or 1)`);
  for (const [index, frame] of decoded.entries()) {
    const expected = `${info.columns}x${info.rows} with ${info.samplesPerPixel} sample(s) per pixel`;
    const got = `${frame.columns}x${frame.rows} with ${frame.samplesPerPixel}`;
    if (frame.rows !== info.rows || frame.columns !== info.columns || frame.samplesPerPixel !== info.samplesPerPixel) {
      throw refuse(`frame ${index + 1} cannot be decoded as the header describes it: it is ${got}, the header says ${expected}`);
    }
    const bytesPerSample = Math.ceil(frame.bitsAllocated / 8);
    const length = frame.rows * frame.columns * frame.samplesPerPixel * bytesPerSample;
    if (frame.bytes !== length) {
      throw refuse(
        `frame ${index + 1} cannot be decoded as the header describes it: ${frame.bytes} bytes of pixels, ${expected} needs ${length}`,
      );
    }
  }
}

/**
 * NumberOfFrames, when sent, must be the IS the frames were cut by and the count of frames found:
 * the metadata announces it, and a viewer asks for that many frames.
 */
function checkFrameCount(
  received: DicomJsonDataset,
  served: DicomJsonDataset,
  found: number,
  refuse: (reason: string) => IngestRefusedError,
): void {
  const sent = received['00280008'];
  if (!sent) return;
  const where = 'NumberOfFrames (0028,0008)';
  if (sent.vr !== 'IS') throw refuse(`${where} is not a valid value: its VR is ${sent.vr}, the standard's is IS (${describe(sent)})`);
  const value = served['00280008']?.Value;
  // An empty value means one frame, as the pixel module is read.
  const announced = value?.length ? Number(value[0]) : 1;
  if ((value?.length ?? 0) > 1 || announced !== found) {
    throw refuse(`${where} is not a valid value: ${describe(sent)} is not the ${found} frame(s) found in the pixel data`);
  }
}

/**
 * The instance's attributes as a WADO-RS read serves them: the shared levels and the instance
 * level converted back from HealthImaging's form, as the reads do, and written out as JSON.
 */
function servedDataset(prepared: PreparedInstance, refuse: (reason: string) => IngestRefusedError): DicomJsonDataset {
  const { entry } = prepared;
  try {
    const served = {
      ...denormalizeDataset({ ...entry.patient, ...entry.study, ...entry.series }),
      ...denormalizeDataset(entry.instance.DICOM, entry.instance.DICOMVRs),
    };
    JSON.stringify(served);
    return served;
  } catch (error) {
    // A value whose VR was changed (a nested sequence sent as OB) cannot be converted back.
    const at =
      misfitSequence(entry.patient) ?? misfitSequence(entry.study) ?? misfitSequence(entry.series) ?? misfitSequence(entry.instance.DICOM);
    throw refuse(
      `its metadata cannot be read back as DICOM JSON: ${at ? `${at} is a sequence (SQ) in the standard but was sent with another VR` : `a value's VR does not fit the attribute (${describeError(error)})`}`,
    );
  }
}

/** The path (`ContentSequence > 0 > ConceptNameCodeSequence`) of the first nested attribute that the standard makes a sequence but whose value is not one. */
function misfitSequence(attributes: NormalizedAttributes, nested = false): string | undefined {
  for (const [key, value] of Object.entries(attributes)) {
    const tag = /^[0-9A-F]{8}$/.test(key) ? key : tagOfKeyword(key);
    const isSequence = tag !== undefined && dictionaryVr(tag) === 'SQ';
    // Top-level VRs are recorded beside the values; nested items are read back with the dictionary's.
    if (nested && isSequence && value !== null && !Array.isArray(value)) return key;
    if (!Array.isArray(value)) continue;
    for (const [index, item] of value.entries()) {
      if (item === null || typeof item !== 'object') continue;
      const inner = misfitSequence(item as NormalizedAttributes, true);
      if (inner) return `${key} > item ${index + 1} > ${inner}`;
    }
  }
  return undefined;
}

function describe(attribute: DicomJsonAttribute): string {
  const value = attribute.Value?.length ? attribute.Value.map(String).join('\\') : 'no value';
  return `${attribute.vr} ${value}`;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

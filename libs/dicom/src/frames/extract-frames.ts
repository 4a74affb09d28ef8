import * as dicomParser from 'dicom-parser';
import { DicomError } from '../errors/dicom-error';
import type { DicomFile } from '../parse/read-part10';
import { transferSyntaxTraits } from '../transfer-syntax/transfer-syntax';
import { swapWords } from './byte-order';
import { PIXEL_DATA_TAGS, PixelInfo, nativeFrameLength, readPixelInfo } from './pixel-info';

/** One frame as stored: native little-endian samples, or the compressed bitstream of an encapsulated syntax. */
export interface StoredFrame {
  /** Zero-based frame number. */
  index: number;
  bytes: Uint8Array;
  /** True when `bytes` is compressed in the file's transfer syntax. */
  encapsulated: boolean;
}

/** Every frame of a file, as stored. */
export function getFrames(file: DicomFile, info: PixelInfo = readPixelInfo(file)): StoredFrame[] {
  return Array.from({ length: info.numberOfFrames }, (_, i) => getFrame(file, i, info));
}

/**
 * One frame of a file: native frames come out little endian (big endian files are swapped),
 * 1-bit frames re-aligned to a byte boundary; encapsulated frames come out as one bitstream
 * (fragments joined) located by the extended offset table, the basic offset table, or codec
 * start markers, in that order.
 */
export function getFrame(file: DicomFile, index: number, info: PixelInfo = readPixelInfo(file)): StoredFrame {
  if (index < 0 || index >= info.numberOfFrames || !Number.isInteger(index)) {
    throw new DicomError(`frame ${index + 1} does not exist: the image has ${info.numberOfFrames}`, file.source, '(0028,0008)');
  }
  const tag = PIXEL_DATA_TAGS.find((t) => file.dataSet.elements[t]);
  if (!tag) throw new DicomError('no pixel data', file.source, '(7FE0,0010)');
  const element = file.dataSet.elements[tag];
  const traits = transferSyntaxTraits(file.transferSyntaxUid);
  if (element.encapsulatedPixelData || traits?.encapsulated) {
    if (!element.encapsulatedPixelData) {
      throw new DicomError(
        `transfer syntax ${file.transferSyntaxUid} needs encapsulated pixel data, but it is native`,
        file.source,
        '(7FE0,0010)',
      );
    }
    return { index, bytes: encapsulatedFrame(file, element, index, info.numberOfFrames), encapsulated: true };
  }
  return { index, bytes: nativeFrame(file, element, index, info, traits?.bigEndian ?? false), encapsulated: false };
}

function nativeFrame(file: DicomFile, element: dicomParser.Element, index: number, info: PixelInfo, bigEndian: boolean): Uint8Array {
  const data = file.byteArray.subarray(element.dataOffset, element.dataOffset + element.length);
  if (info.bitsAllocated === 1) return bitFrame(file, data, index, info);
  const length = nativeFrameLength(info);
  const start = index * length;
  if (start + length > data.length) {
    throw new DicomError(
      `pixel data holds ${data.length} bytes, too few for ${info.numberOfFrames} frame(s) of ${info.rows}×${info.columns}×${info.samplesPerPixel} at ${info.bitsAllocated} bits (${length * info.numberOfFrames} bytes)`,
      file.source,
      '(7FE0,0010)',
    );
  }
  const frame = data.subarray(start, start + length);
  const bytesPerSample = info.bitsAllocated / 8;
  return bigEndian && bytesPerSample > 1 ? swapWords(frame, bytesPerSample) : frame;
}

/** 1-bit frames are packed back to back, so frame N may start mid-byte: realign it. */
function bitFrame(file: DicomFile, data: Uint8Array, index: number, info: PixelInfo): Uint8Array {
  const bits = info.rows * info.columns * info.samplesPerPixel;
  const first = index * bits;
  if (Math.ceil((first + bits) / 8) > data.length) {
    throw new DicomError(
      `pixel data holds ${data.length} bytes, too few for ${info.numberOfFrames} 1-bit frame(s)`,
      file.source,
      '(7FE0,0010)',
    );
  }
  if (first % 8 === 0) return data.subarray(first / 8, first / 8 + Math.ceil(bits / 8));
  const out = new Uint8Array(Math.ceil(bits / 8));
  for (let i = 0; i < bits; i++) {
    const src = first + i;
    if ((data[src >> 3] >> (src & 7)) & 1) out[i >> 3] |= 1 << (i & 7);
  }
  return out;
}

function encapsulatedFrame(file: DicomFile, element: dicomParser.Element, index: number, frames: number): Uint8Array {
  const fragments = element.fragments ?? [];
  if (fragments.length === 0) throw new DicomError('encapsulated pixel data has no fragments', file.source, '(7FE0,0010)');
  const starts = frameStarts(file, element, frames);
  const begin = starts[index];
  const end = index + 1 < starts.length ? starts[index + 1] : Infinity;
  const parts = fragments.filter((f) => f.offset >= begin && f.offset < end);
  if (parts.length === 0) throw new DicomError(`no fragment holds frame ${index + 1}`, file.source, '(7FE0,0010)');
  if (parts.length === 1) return file.byteArray.subarray(parts[0].position, parts[0].position + parts[0].length);
  const out = new Uint8Array(parts.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of parts) {
    out.set(file.byteArray.subarray(f.position, f.position + f.length), at);
    at += f.length;
  }
  return out;
}

/** Offsets (relative to the first fragment, as in the offset tables) where each frame starts. */
function frameStarts(file: DicomFile, element: dicomParser.Element, frames: number): number[] {
  const fragments = element.fragments ?? [];
  const extended = extendedOffsets(file);
  if (extended) {
    if (extended.length !== frames) {
      throw new DicomError(
        `extended offset table lists ${extended.length} frames, NumberOfFrames says ${frames}`,
        file.source,
        '(7FE0,0001)',
      );
    }
    return extended;
  }
  const basic = element.basicOffsetTable ?? [];
  if (basic.length > 0) {
    if (basic.length !== frames) {
      throw new DicomError(`basic offset table lists ${basic.length} frames, NumberOfFrames says ${frames}`, file.source, '(7FE0,0010)');
    }
    return basic;
  }
  if (frames === 1) return [0];
  if (fragments.length === frames) return fragments.map((f) => f.offset);
  // No table and more fragments than frames: a frame starts at each fragment that opens a codestream.
  const starts = fragments.filter((f) => opensCodestream(file.byteArray, f.position)).map((f) => f.offset);
  if (starts.length !== frames) {
    throw new DicomError(
      `cannot find where the ${frames} frames start among ${fragments.length} fragments (no offset table)`,
      file.source,
      '(7FE0,0010)',
    );
  }
  return starts;
}

function extendedOffsets(file: DicomFile): number[] | undefined {
  const element = file.dataSet.elements['x7fe00001'];
  if (!element || element.length === 0) return undefined;
  const view = new DataView(file.byteArray.buffer, file.byteArray.byteOffset + element.dataOffset, element.length);
  return Array.from({ length: element.length / 8 }, (_, i) => Number(view.getBigUint64(i * 8, true)));
}

function opensCodestream(bytes: Uint8Array, at: number): boolean {
  const b0 = bytes[at],
    b1 = bytes[at + 1];
  if (b0 === 0xff && (b1 === 0xd8 || b1 === 0x4f)) return true; // JPEG SOI, J2K SOC
  return bytes[at + 4] === 0x6a && bytes[at + 5] === 0x50 && bytes[at + 6] === 0x20 && bytes[at + 7] === 0x20; // JP2 signature box
}

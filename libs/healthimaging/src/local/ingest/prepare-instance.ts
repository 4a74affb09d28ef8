import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import {
  DicomError,
  DicomFile,
  DicomJsonDataset,
  ImageFrameMetadata,
  TransferSyntax,
  buildImageSetMetadata,
  getFrames,
  hasPixelData,
  jsonNumber,
  jsonString,
  readPart10,
  readPixelInfo,
  summarizeFrame,
  toDicomJson,
} from '@triage/dicom';
import { CodecError, decodeFrame, type DecodedFrame } from '@triage/codec';
import { IngestRefusedError } from '../../dicom-store';
import { newResourceId } from '../../resource-ids';
import { checkReadable, type ReadableCheckInput } from './check-readable';
import type { FrameCodec } from './frame-codec';
import { frameFormFor, nativeFrameBytes } from './native-frame';
import type { InstanceEntry, PreparedFrame, PreparedInstance } from './prepared-instance';

/** The transfer syntax stored frames are in: HTJ2K lossless with RPCL progression. */
export const STORED_TRANSFER_SYNTAX = TransferSyntax.HTJ2KLosslessRPCL;
/** What instances with native frames (1- and 32-bit samples), and those without pixel data, record as their stored transfer syntax. */
export const NATIVE_TRANSFER_SYNTAX = TransferSyntax.ExplicitVRLittleEndian;

/** The identity of an instance, read from its header alone (no pixel data touched). */
export interface InstanceIdentity {
  file: DicomFile;
  dataset: DicomJsonDataset;
  studyUid: string;
  seriesUid: string;
  sopUid: string;
  sopClassUid: string;
  digest: string;
}

/** Parses the bytes and reads the UIDs; refuses with a reason a person can act on. */
export function identifyInstance(bytes: Uint8Array, source: string): InstanceIdentity {
  let file: DicomFile;
  let dataset: DicomJsonDataset;
  try {
    file = readPart10(bytes, { source });
    dataset = toDicomJson(file);
  } catch (error) {
    // Whatever the parser throws on these bytes (dicom-parser throws plain strings) is the input's fault.
    throw refusal(error, 'not readable as DICOM', undefined, undefined, true);
  }
  const sopUid = uid(dataset, '00080018', 'SOPInstanceUID');
  const sopClassUid = uid(dataset, '00080016', 'SOPClassUID', sopUid);
  const studyUid = uid(dataset, '0020000D', 'StudyInstanceUID', sopUid, sopClassUid);
  const seriesUid = uid(dataset, '0020000E', 'SeriesInstanceUID', sopUid, sopClassUid);
  const digest = createHash('sha256').update(bytes).digest('hex');
  return { file, dataset, studyUid, seriesUid, sopUid, sopClassUid, digest };
}

/**
 * Decodes every frame (native pixel data in place, compressed frames on the codec) for the pixel
 * summary and the checks, keeps it as received to be transcoded to HTJ2K lossless behind the
 * acknowledgement (or as native pixels when the encoder cannot take its samples), and builds the
 * instance's HealthImaging metadata entry. Then checks that every read of it will work
 * ({@link checkReadable}). Nothing is written here.
 */
export async function prepareInstance(identity: InstanceIdentity, codec: FrameCodec): Promise<PreparedInstance> {
  const { file, sopUid, sopClassUid } = identity;
  const dataset: DicomJsonDataset = { ...identity.dataset };
  const frames: PreparedFrame[] = [];
  let storedTransferSyntaxUid: string = NATIVE_TRANSFER_SYNTAX;
  let pixels: ReadableCheckInput['pixels'];
  if (hasPixelData(file)) {
    let info;
    let stored;
    try {
      info = readPixelInfo(file);
      stored = getFrames(file, info);
    } catch (error) {
      throw refusal(error, 'its pixel data cannot be read', sopUid, sopClassUid, true);
    }
    pixels = { info, decoded: [] };
    const form = frameFormFor(info.bitsAllocated);
    storedTransferSyntaxUid = form === 'native' ? NATIVE_TRANSFER_SYNTAX : STORED_TRANSFER_SYNTAX;
    let photometric = info.photometricInterpretation;
    const { numberOfFrames: _frames, ...frameInfo } = info;
    for (const frame of stored) {
      let decoded: DecodedFrame;
      try {
        // Native pixel data comes out of the parser little endian: decoding it is a view, not a worker's job.
        decoded = frame.encapsulated
          ? await codec.decode(file.transferSyntaxUid, keepable(frame.bytes), frameInfo)
          : decodeFrame(NATIVE_TRANSFER_SYNTAX, frame.bytes, frameInfo);
      } catch (error) {
        throw refusal(error, `frame ${frame.index + 1} cannot be decoded`, sopUid, sopClassUid);
      }
      photometric = decoded.photometricInterpretation;
      const { rows, columns, samplesPerPixel, bitsAllocated } = decoded;
      pixels.decoded.push({ rows, columns, samplesPerPixel, bitsAllocated, bytes: decoded.pixels.length });
      const summary = summarizeFrame(decoded);
      const id = newResourceId();
      const summaryMetadata = {
        ID: id,
        PixelDataChecksumFromBaseToFullResolution: [summary.checksum],
        MinPixelValue: summary.min,
        MaxPixelValue: summary.max,
      };
      if (form === 'native') {
        const bytes = nativeFrameBytes(decoded);
        frames.push({ id, form, bytes, crc32: zlib.crc32(bytes), metadata: { ...summaryMetadata, FrameSizeInBytes: bytes.length } });
        continue;
      }
      // Kept as received; native frames as the decoded samples (planes interleaved, as the metadata says).
      const original = frame.encapsulated
        ? { transferSyntaxUid: file.transferSyntaxUid, decodeInfo: frameInfo, bytes: frame.bytes }
        : {
            transferSyntaxUid: NATIVE_TRANSFER_SYNTAX,
            decodeInfo: { ...frameInfo, photometricInterpretation: decoded.photometricInterpretation, planarConfiguration: 0 as const },
            bytes: decoded.pixels,
          };
      frames.push({
        id,
        form: 'original',
        bytes: original.bytes,
        // A native original is the decoded pixels: their CRC-32 is the checksum just taken.
        crc32: frame.encapsulated ? zlib.crc32(original.bytes) : summary.checksum.Checksum,
        // FrameSizeInBytes is the stored (HTJ2K) frame's: the documents take it from the index once the frame is transcoded.
        metadata: summaryMetadata as ImageFrameMetadata,
        original: { transferSyntaxUid: original.transferSyntaxUid, decodeInfo: original.decodeInfo, checksum: summary.checksum.Checksum },
      });
    }
    // The stored frames are what the metadata must describe: a YCbCr JPEG decodes to RGB, planes interleave.
    dataset['00280004'] = { vr: 'CS', Value: [photometric] };
    if (info.samplesPerPixel > 1) dataset['00280006'] = { vr: 'US', Value: [0] };
  }
  let entry: InstanceEntry;
  try {
    entry = splitLevels(
      dataset,
      frames.length ? storedTransferSyntaxUid : NATIVE_TRANSFER_SYNTAX,
      frames.map((f) => f.metadata),
      identity,
    );
  } catch (error) {
    // Only the instance's own attributes go in: whatever fails here is theirs, not the server's.
    throw refusal(error, 'not readable as DICOM: its HealthImaging metadata cannot be built', sopUid, sopClassUid, true);
  }
  const prepared: PreparedInstance = {
    studyUid: identity.studyUid,
    seriesUid: identity.seriesUid,
    sopUid,
    sopClassUid,
    instanceNumber: jsonNumber(dataset, '00200013'),
    digest: identity.digest,
    entry,
    frames,
  };
  checkReadable({ prepared, received: identity.dataset, pixels });
  return prepared;
}

/** The bytes to hand to the pool while keeping them: a view of its whole buffer would be transferred (detached), so it gets a copy. */
function keepable(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.slice() : bytes;
}

/** Lets @triage/dicom lift the attributes to their levels, then takes them apart into one instance row. */
function splitLevels(
  dataset: DicomJsonDataset,
  storedTransferSyntaxUid: string,
  frames: ImageFrameMetadata[],
  identity: InstanceIdentity,
): InstanceEntry {
  const placeholder = '0'.repeat(32);
  const doc = buildImageSetMetadata(placeholder, placeholder, [{ dataset, storedTransferSyntaxUid, frames }]);
  const series = doc.Study.Series[identity.seriesUid];
  return {
    patient: doc.Patient.DICOM,
    study: doc.Study.DICOM,
    seriesUid: identity.seriesUid,
    series: series.DICOM,
    sopUid: identity.sopUid,
    instance: series.Instances[identity.sopUid],
  };
}

function uid(dataset: DicomJsonDataset, tag: string, keyword: string, sopUid?: string, sopClassUid?: string): string {
  const value = jsonString(dataset, tag)?.trim();
  if (!value) {
    throw new IngestRefusedError(
      `${keyword} (${tag.slice(0, 4)},${tag.slice(4)}) is missing: an instance cannot be stored without it`,
      0xc000,
      sopUid,
      sopClassUid,
    );
  }
  if (value.length > 64 || !/^[0-9.]+$/.test(value)) {
    throw new IngestRefusedError(
      `${keyword} '${value.slice(0, 80)}' is not a valid UID (digits and dots, at most 64 characters)`,
      0xc000,
      sopUid,
      sopClassUid,
    );
  }
  return value;
}

/**
 * The refusal for an error of the input: DicomError and CodecError always; with `anyThrow` (code
 * that only reads the bytes, so whatever it throws is theirs to blame) anything else too.
 */
function refusal(error: unknown, what: string, sopUid?: string, sopClassUid?: string, anyThrow = false): IngestRefusedError {
  if (error instanceof IngestRefusedError) return error;
  if (error instanceof DicomError || error instanceof CodecError || anyThrow) {
    return new IngestRefusedError(`${what}: ${describeError(error)}`, 0xc000, sopUid, sopClassUid, { cause: error });
  }
  throw error;
}

/** An error's message, or a thrown string or value as it is. */
function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

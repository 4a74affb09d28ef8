import type { CodecPool, DecodedFrame, FrameInfo } from '@triage/codec';
import type { DatastoreId, DicomJsonDataset, ImageFrameMetadata, ImageSetId } from '@triage/dicom';
import { jsonNumber, jsonString } from '@triage/dicom';
import type { HealthImaging } from '@triage/healthimaging';
import { readImageFrame } from '@triage/healthimaging';
import type { ApiMetrics } from '../app/api-context';

/** The Image Pixel module of an instance, as a decoder needs it, from its DICOM JSON. */
export function frameInfoOf(dataset: DicomJsonDataset): FrameInfo {
  const bitsAllocated = jsonNumber(dataset, '00280100') ?? 16;
  const bitsStored = jsonNumber(dataset, '00280101') ?? bitsAllocated;
  const samplesPerPixel = jsonNumber(dataset, '00280002') ?? 1;
  return {
    rows: jsonNumber(dataset, '00280010') ?? 0,
    columns: jsonNumber(dataset, '00280011') ?? 0,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    highBit: jsonNumber(dataset, '00280102') ?? bitsStored - 1,
    pixelRepresentation: jsonNumber(dataset, '00280103') ?? 0,
    photometricInterpretation: (jsonString(dataset, '00280004') ?? (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2')).trim(),
    planarConfiguration: samplesPerPixel > 1 ? (jsonNumber(dataset, '00280006') ?? 0) : 0,
  };
}

/** A frame as its instance's metadata lists it: its id and the size ingest wrote. */
export type StoredFrame = Pick<ImageFrameMetadata, 'ID' | 'FrameSizeInBytes'>;

/** Reads stored frames from the store and decodes them on the codec pool, feeding the metrics. */
export class FrameReader {
  constructor(
    private readonly store: HealthImaging,
    private readonly datastoreId: DatastoreId,
    private readonly codecPool: CodecPool,
    private readonly metrics: ApiMetrics,
  ) {}

  /**
   * The stored bytes of one frame, whole and checked against the size ingest recorded: a frame
   * file cut short on disk fails here, before any byte of it is sent (HTJ2K is sent on untouched).
   */
  async stored(imageSetId: ImageSetId, frame: StoredFrame): Promise<Uint8Array> {
    const imageFrameId = frame.ID;
    const bytes = await readImageFrame(this.store, { datastoreId: this.datastoreId, imageSetId, imageFrameInformation: { imageFrameId } });
    if (typeof frame.FrameSizeInBytes === 'number' && bytes.length !== frame.FrameSizeInBytes)
      throw new Error(`image frame ${imageFrameId} is damaged: ${bytes.length} bytes stored where ${frame.FrameSizeInBytes} were written`);
    return bytes;
  }

  /** One frame decoded to native little-endian pixels. */
  async decoded(imageSetId: ImageSetId, frame: StoredFrame, storedTransferSyntaxUid: string, info: FrameInfo): Promise<DecodedFrame> {
    const bytes = await this.stored(imageSetId, frame);
    const stop = this.metrics.codecSeconds.startTimer({ op: 'decode' });
    try {
      return await this.codecPool.decode(storedTransferSyntaxUid, bytes, info);
    } finally {
      stop();
    }
  }
}

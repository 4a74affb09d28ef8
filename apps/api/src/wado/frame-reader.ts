import type { Readable } from 'node:stream';
import type { CodecPool, DecodedFrame, FrameInfo } from '@triage/codec';
import type { DatastoreId, DicomJsonDataset, ImageFrameId, ImageSetId } from '@triage/dicom';
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

/** Reads stored frames from the store and decodes them on the codec pool, feeding the metrics. */
export class FrameReader {
  constructor(
    private readonly store: HealthImaging,
    private readonly datastoreId: DatastoreId,
    private readonly codecPool: CodecPool,
    private readonly metrics: ApiMetrics,
  ) {}

  /** The stored bytes of one frame, as a stream (HTJ2K: sent on untouched). */
  async stream(imageSetId: ImageSetId, imageFrameId: ImageFrameId): Promise<Readable> {
    const result = await this.store.getImageFrame({ datastoreId: this.datastoreId, imageSetId, imageFrameInformation: { imageFrameId } });
    return result.imageFrameBlob;
  }

  /** The stored bytes of one frame. */
  stored(imageSetId: ImageSetId, imageFrameId: ImageFrameId): Promise<Uint8Array> {
    return readImageFrame(this.store, { datastoreId: this.datastoreId, imageSetId, imageFrameInformation: { imageFrameId } });
  }

  /** One frame decoded to native little-endian pixels. */
  async decoded(
    imageSetId: ImageSetId,
    imageFrameId: ImageFrameId,
    storedTransferSyntaxUid: string,
    info: FrameInfo,
  ): Promise<DecodedFrame> {
    const bytes = await this.stored(imageSetId, imageFrameId);
    const stop = this.metrics.codecSeconds.startTimer({ op: 'decode' });
    try {
      return await this.codecPool.decode(storedTransferSyntaxUid, bytes, info);
    } finally {
      stop();
    }
  }
}

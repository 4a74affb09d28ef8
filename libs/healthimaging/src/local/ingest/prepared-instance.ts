import type { FrameInfo } from '@triage/codec';
import type { ImageFrameId, ImageFrameMetadata, InstanceMetadata, NormalizedAttributes } from '@triage/dicom';
import type { FrameForm } from '../storage/data-layout';

/** One instance's attributes split by HealthImaging level, as stored in an instance row. */
export interface InstanceEntry {
  patient: NormalizedAttributes;
  study: NormalizedAttributes;
  seriesUid: string;
  series: NormalizedAttributes;
  sopUid: string;
  instance: InstanceMetadata;
}

/**
 * A frame as it will be written: as received and still to be transcoded (form 'original'), or kept
 * as native pixels (samples the encoder cannot take). Its metadata has no FrameSizeInBytes until
 * the frame is in its stored form.
 */
export interface PreparedFrame {
  id: ImageFrameId;
  form: FrameForm;
  bytes: Uint8Array;
  crc32: number;
  metadata: ImageFrameMetadata;
  /** For form 'original': the syntax `bytes` are in and what transcoding them needs. */
  original?: OriginalFrame;
}

/** What the transcoder needs of a frame kept as received. */
export interface OriginalFrame {
  transferSyntaxUid: string;
  /** The Image Pixel module the original decodes with. */
  decodeInfo: FrameInfo;
  /** CRC-32 of the decoded pixels: the transcoded frame must decode to the same. */
  checksum: number;
}

/** An instance parsed and its frames decoded and checked, ready to be written and committed. */
export interface PreparedInstance {
  studyUid: string;
  seriesUid: string;
  sopUid: string;
  sopClassUid: string;
  instanceNumber?: number;
  /** SHA-256 of the bytes as received: same SOP Instance UID and digest means nothing to do. */
  digest: string;
  entry: InstanceEntry;
  frames: PreparedFrame[];
}

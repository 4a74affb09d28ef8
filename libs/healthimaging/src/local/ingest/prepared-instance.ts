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

/** A frame transcoded to HTJ2K (or kept as native pixels), not yet written. */
export interface PreparedFrame {
  id: ImageFrameId;
  form: FrameForm;
  bytes: Uint8Array;
  crc32: number;
  metadata: ImageFrameMetadata;
}

/** An instance parsed and transcoded, ready to be written and committed. */
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

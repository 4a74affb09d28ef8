import type { DatastoreId, DicomJsonDataset, ImageFrameId, ImageSetId } from '@triage/dicom';
import type { QidoQuery } from '@triage/dicomweb';
import type { FrameInfo } from '@triage/codec';

/** What storing one instance did. `unchanged`: the same SOP Instance with the same bytes was already there. */
export interface StoreOutcome {
  datastoreId: DatastoreId;
  imageSetId: ImageSetId;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  frames: number;
  status: 'stored' | 'unchanged';
}

/**
 * Direct instance ingest (STOW-RS, C-STORE, sample seeding), beyond HealthImaging's own import
 * jobs. Refuses with {@link IngestRefusedError} (its `reason` is what a FailedSOPSequence says);
 * a refused instance leaves the store exactly as it was.
 */
export interface InstanceStore {
  storeInstance(datastoreId: DatastoreId, bytes: Uint8Array, options?: StoreOptions): Promise<StoreOutcome>;
  /** Frames acknowledged whose transcoding to their stored form is still to do (0 when ingest transcodes before it answers). */
  pendingTranscodes?(): number;
}

/** A STOW-RS request, an association or an import job: every instance of one batch goes into one image-set version. */
export type IngestBatchId = string & { readonly __brand: 'IngestBatchId' };

/** Options of {@link InstanceStore.storeInstance}. */
export interface StoreOptions {
  /** Where the bytes came from, for refusals and logs ('STOW-RS part 3', 'C-STORE from CT1'). */
  source?: string;
  /**
   * The STOW-RS request, association or import job the instance is part of: the image set's first
   * change in a batch makes a new version, its later changes extend that version (unless another
   * batch changed the image set in between). Without one, each commit makes its own version.
   */
  batch?: IngestBatchId;
}

/** Why an instance was refused, in words a modality operator can act on. */
export class IngestRefusedError extends Error {
  override readonly name = 'IngestRefusedError';
  constructor(
    readonly reason: string,
    /** DICOM failure status for STOW-RS/C-STORE: 0xA700 out of resources, 0xA900 SOP class mismatch, 0xC000 cannot understand. */
    readonly status = 0xc000,
    readonly sopInstanceUid?: string,
    readonly sopClassUid?: string,
    options?: ErrorOptions,
  ) {
    super(reason, options);
  }
}

// The QIDO-RS query model is DICOMweb's (one vocabulary for the server, the store and the clients).
export type { QidoLevel, QidoQuery } from '@triage/dicomweb';

/** An instance a QIDO answer left out because its stored attributes cannot be turned into a result. */
export interface UnreadableQidoRow {
  sopInstanceUid: string;
  /** Its place in the answer (0 is the first at `offset`), as if it had been answered. */
  position: number;
  /** What failed, in words. */
  detail: string;
}

/** How {@link DicomQuery.qido} treats an instance it cannot convert. */
export interface QidoOptions {
  /**
   * Called for each such instance, which is then left out of the answer (its position still counts
   * toward limit and offset, so pages stay stable). Without it the whole query fails.
   */
  onUnreadable?: (row: UnreadableQidoRow) => void;
}

/** Where one stored instance lives, for WADO-RS. */
export interface InstanceLocation {
  imageSetId: ImageSetId;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  imageFrameIds: ImageFrameId[];
}

/** One image set of a study with a conflict: its identity attributes and how many live instances it holds. */
export interface ConflictImageSet {
  imageSetId: ImageSetId;
  isPrimary: boolean;
  /** Live instances (those a read would return). */
  instances: number;
  /** Its patient and study identity attributes (PatientID, PatientName, StudyDate, ...), as grouping compared them. */
  attributes: Record<string, string>;
  /** For a non-primary image set: the attributes on which it disagrees with the primary one. */
  conflictsWith?: string[];
}

/** A study whose instances went to more than one image set because their patient or study attributes disagree. */
export interface StudyConflict {
  studyInstanceUid: string;
  /** The primary image set first (absent when the study has none), then the non-primary ones, oldest first. */
  imageSets: ConflictImageSet[];
}

/**
 * DICOM-level queries over the primary image sets of a datastore (what QIDO-RS and WADO-RS need);
 * one instance located by its SOP Instance UID is found in a non-primary image set too.
 */
export interface DicomQuery {
  /** QIDO-RS results as DICOM JSON data sets, in a stable order. */
  qido(datastoreId: DatastoreId, query: QidoQuery, options?: QidoOptions): Promise<DicomJsonDataset[]>;
  /** The instances of a study, one series, or one instance; empty when none is stored. */
  locateInstances(
    datastoreId: DatastoreId,
    studyInstanceUid: string,
    seriesInstanceUid?: string,
    sopInstanceUid?: string,
  ): Promise<InstanceLocation[]>;
  /** The studies with a non-primary image set (conflicting patient or study attributes), for an administrator to resolve. */
  listConflicts(datastoreId: DatastoreId): Promise<StudyConflict[]>;
  /**
   * One instance's frames straight from the index (no metadata document is built): what a frame
   * read needs, at the same cost however large its study; undefined when the instance is not stored.
   */
  instanceFrames(
    datastoreId: DatastoreId,
    studyInstanceUid: string,
    seriesInstanceUid: string,
    sopInstanceUid: string,
  ): Promise<InstanceFrames | undefined>;
  /**
   * One frame's bytes as they are kept now, whole and checked against the size and CRC-32 the index
   * recorded (a damaged file fails here, before any byte is sent), with the transfer syntax they are in.
   */
  readFrame(datastoreId: DatastoreId, imageSetId: ImageSetId, frameId: ImageFrameId): Promise<StoredFrameBytes>;
}

/** An instance's frames as {@link DicomQuery.instanceFrames} finds them. */
export interface InstanceFrames {
  imageSetId: ImageSetId;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** The syntax the frames are stored in once ingest is done with them: HTJ2K lossless, or Explicit VR Little Endian (native). */
  storedTransferSyntaxUid: string;
  /** The Image Pixel module of the stored frames (a YCbCr JPEG is stored as RGB, planes interleaved). */
  pixel: FrameInfo;
  imageFrameIds: ImageFrameId[];
}

/** A frame's bytes and the transfer syntax they are in (the original's, until it is transcoded). */
export interface StoredFrameBytes {
  bytes: Uint8Array;
  transferSyntaxUid: string;
}

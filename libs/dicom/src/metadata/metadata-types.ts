/** A HealthImaging data store identifier: 32 lower-case hex characters. */
export type DatastoreId = string & { readonly __brand?: 'DatastoreId' };
/** A HealthImaging image set identifier: 32 lower-case hex characters. */
export type ImageSetId = string & { readonly __brand?: 'ImageSetId' };
/** A HealthImaging image frame identifier: 32 lower-case hex characters. */
export type ImageFrameId = string & { readonly __brand?: 'ImageFrameId' };

/** HealthImaging's per-resolution checksum of a frame's decoded pixels. */
export interface PixelDataChecksum {
  Width: number;
  Height: number;
  /** CRC-32 of the decoded little-endian pixel bytes at this resolution. */
  Checksum: number;
}

/** One frame in an instance's `ImageFrames` list. */
export interface ImageFrameMetadata {
  ID: ImageFrameId;
  /** Size of the stored (HTJ2K) frame. */
  FrameSizeInBytes: number;
  PixelDataChecksumFromBaseToFullResolution: PixelDataChecksum[];
  MinPixelValue?: number;
  MaxPixelValue?: number;
}

/** HealthImaging's normalised attribute form: keyword → value (arrays when multi-valued, objects for items). */
export type NormalizedAttributes = Record<string, unknown>;

/** One instance of an image set. */
export interface InstanceMetadata {
  DICOM: NormalizedAttributes;
  /** VRs that the data dictionary cannot give: private and ambiguous attributes, keyed as in `DICOM`. */
  DICOMVRs: Record<string, string>;
  StoredTransferSyntaxUID: string;
  ImageFrames: ImageFrameMetadata[];
}

/** One series of an image set. */
export interface SeriesMetadata {
  DICOM: NormalizedAttributes;
  Instances: Record<string, InstanceMetadata>;
}

/** HealthImaging's image set metadata document (what GetImageSetMetadata returns, gzipped). */
export interface ImageSetMetadata {
  SchemaVersion: string;
  DatastoreID: DatastoreId;
  ImageSetID: ImageSetId;
  Patient: { DICOM: NormalizedAttributes };
  Study: { DICOM: NormalizedAttributes; Series: Record<string, SeriesMetadata> };
}

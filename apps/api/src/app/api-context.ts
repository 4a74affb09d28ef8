import type { CodecPool } from '@triage/codec';
import type { DatastoreId } from '@triage/dicom';
import type { DicomQuery, HealthImaging, InstanceStore } from '@triage/healthimaging';

/** Where DICOMweb is mounted: /dicomweb/studies, /dicomweb/studies/{study}/series, ... */
export const DICOMWEB_PREFIX = '/dicomweb';

/** The embedded image store: HealthImaging's operations plus direct ingest and DICOM queries. */
export type ImageStore = HealthImaging & InstanceStore & DicomQuery;

/**
 * What every route plugin is registered with (Fastify plugin options): the store, the datastore
 * that DICOMweb serves, and the codec workers for transcoding and thumbnails.
 */
export interface ApiContext {
  store: ImageStore;
  datastoreId: DatastoreId;
  codecPool: CodecPool;
}

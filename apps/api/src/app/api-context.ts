import type { CodecPool } from '@triage/codec';
import type { DatastoreId } from '@triage/dicom';
import type { Counter, Gauge, Histogram } from 'prom-client';
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
  metrics: ApiMetrics;
}

/** The domain metrics the routes feed (request latency is measured by the app itself). */
export interface ApiMetrics {
  /** Frames served by WADO-RS and GetImageFrame, by transfer syntax served. */
  framesServed: Counter<'transfer_syntax'>;
  /** Response body bytes of frame, instance and metadata routes, by route kind. */
  bytesServed: Counter<'kind'>;
  /** Instances offered for ingest, by outcome: stored, unchanged, refused. */
  ingested: Counter<'outcome'>;
  /** Seconds spent in the codec, by operation: encode, decode, thumbnail. */
  codecSeconds: Histogram<'op'>;
  /**
   * Native-pixel frame reads by how the decoded-frame cache served them (hit; awaited: a decode in
   * progress, a prefetch's say; miss), and prefetch decodes started (prefetch).
   */
  frameCache: Counter<'outcome'>;
  /** Bytes of decoded pixels the frame cache holds. */
  frameCacheBytes: Gauge;
}

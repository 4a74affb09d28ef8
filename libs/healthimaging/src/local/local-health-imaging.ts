import type * as sdk from '@aws-sdk/client-medical-imaging';
import * as fs from 'node:fs';
import type { CodecPool } from '@triage/codec';
import type { DatastoreId, DicomJsonDataset, ImageFrameId, ImageSetId } from '@triage/dicom';
import type { TransactionalOutbox } from '@triage/events';
import type {
  DicomQuery,
  IngestBatchId,
  InstanceFrames,
  InstanceLocation,
  InstanceStore,
  QidoOptions,
  QidoQuery,
  StoreOutcome,
  StoredFrameBytes,
  StoreOptions,
  StudyConflict,
} from '../dicom-store';
import type { GetImageFrameResult, GetImageSetMetadataResult, HealthImaging, Out } from '../health-imaging';
import { HealthImagingError } from '../health-imaging-error';
import { checkResourceId } from '../resource-ids';
import { copyImageSet } from './control/copy-image-set';
import { createDatastore, ensureDatastore, getDatastore, listDatastores, requireDatastore } from './control/datastores';
import { deleteImageSet } from './control/delete-image-set';
import { getImageSet } from './control/get-image-set';
import { listImageSetVersions } from './control/list-image-set-versions';
import { getImageFrame, getImageSetMetadata } from './control/runtime-reads';
import { searchImageSets } from './control/search-image-sets';
import { updateImageSetMetadata } from './control/update-image-set-metadata';
import { ImportJobs } from './import/import-jobs';
import { frameCodec } from './ingest/frame-codec';
import { IngestCommitter } from './ingest/ingest-committer';
import { storeInstance } from './ingest/store-instance';
import type { ImageSetChangedEvent, LocalContext } from './local-context';
import { instanceFrames } from './frames/instance-frames';
import { readFrame } from './frames/read-frame';
import { listConflicts } from './qido/list-conflicts';
import { locateInstances } from './qido/locate-instances';
import { runQido } from './qido/run-qido';
import { clearTmpDir } from './storage/clear-tmp-dir';
import { DataLayout } from './storage/data-layout';
import { openIndex } from './storage/open-index';
import { Transcoder } from './transcode/transcoder';

export type { ImageSetChangedEvent } from './local-context';

/** Options for {@link LocalHealthImaging.open}. */
export interface LocalHealthImagingOptions {
  /** Where frames, metadata documents and the index live. */
  dataDir: string;
  /** Worker threads for transcoding; without one, frames are transcoded on the calling thread. */
  codecPool?: CodecPool;
  /** The clock (tests pin it). */
  now?: () => Date;
  /** Called after every committed change to an image set: the seam for events and audit. Must not throw. */
  onImageSetChanged?: (event: ImageSetChangedEvent) => void;
  /** Where ImageSetCreated / ImageSetUpdated go, written in the same transaction as each change (its tables live in the index). */
  outbox?: TransactionalOutbox;
  /** When set, import jobs may read from and write to these folders only (a server passes its import area). */
  importRoots?: string[];
  /**
   * When frames are transcoded to HTJ2K: 'behind' (default) after ingest acknowledges, in the
   * background; 'before-ack' before storeInstance resolves (the old behaviour, for tests that read
   * stored frames at once); 'paused' queued until {@link LocalHealthImaging.resumeTranscoding}.
   */
  transcode?: 'behind' | 'before-ack' | 'paused';
  /** Keep each frame's file as received after it is transcoded (default: deleted once the HTJ2K file is committed). */
  keepOriginals?: boolean;
  /**
   * Decode every HTJ2K file the transcoder writes and compare it with the pixel checksum ingest
   * recorded before the frame flips and its original goes (default true; costs about one decode per frame).
   */
  verifyTranscodes?: boolean;
  /** A frame that could not be transcoded: it stays as received and is retried at the next open (default: a process warning). */
  onTranscodeError?: (frameId: string, error: unknown) => void;
}

/**
 * The embedded HealthImaging: HTJ2K frame files, gzipped metadata documents per image set
 * version, and a SQLite index (WAL) for search, QIDO-RS and WADO-RS.
 */
export class LocalHealthImaging implements HealthImaging, InstanceStore, DicomQuery {
  private readonly committer: IngestCommitter;
  private readonly jobs: ImportJobs;
  private readonly transcoder: Transcoder;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  private constructor(
    private readonly ctx: LocalContext,
    options: LocalHealthImagingOptions,
  ) {
    this.committer = new IngestCommitter(ctx);
    this.transcoder = new Transcoder(ctx, {
      concurrency: options.codecPool?.size ?? 1,
      keepOriginals: options.keepOriginals ?? false,
      verify: options.verifyTranscodes ?? true,
      paused: options.transcode === 'paused',
      onError: (frameId, error) => {
        try {
          // Unheard, a failure would leave a frame as received without a word: warn when nobody listens.
          if (options.onTranscodeError) options.onTranscodeError(frameId, error);
          else process.emitWarning(`frame ${frameId} could not be transcoded: ${error instanceof Error ? error.message : String(error)}`);
        } catch {
          // A listener's failure must not stop the transcoder.
        }
      },
    });
    ctx.transcodeNow = (frameIds) => this.transcoder.now(frameIds);
    const queued =
      options.transcode === 'before-ack' ? (frameIds: string[]) => this.transcoder.now(frameIds) : () => this.transcoder.wake();
    this.store = (datastoreId, bytes, source, batch) =>
      this.track(storeInstance(ctx, this.committer, datastoreId, bytes, source, batch, queued));
    this.jobs = new ImportJobs(ctx, this.store, options.importRoots);
  }

  private readonly store: (datastoreId: DatastoreId, bytes: Uint8Array, source: string, batch?: IngestBatchId) => Promise<StoreOutcome>;

  /** Opens (creating when new) the store under `dataDir`; clears debris of writes a crash interrupted. */
  static async open(options: LocalHealthImagingOptions): Promise<LocalHealthImaging> {
    const layout = new DataLayout(options.dataDir);
    fs.mkdirSync(layout.root, { recursive: true });
    clearTmpDir(layout.tmpDir);
    const db = openIndex(layout.indexFile);
    options.outbox?.attach(db);
    const onChanged = options.onImageSetChanged;
    const outbox = options.outbox;
    const store = new LocalHealthImaging(
      {
        db,
        layout,
        codec: frameCodec(options.codecPool),
        now: options.now ?? (() => new Date()),
        outbox,
        transcodeNow: () => Promise.resolve(),
        notify: (event) => {
          outbox?.committed();
          try {
            onChanged?.(event);
          } catch {
            // A listener's failure must not undo a committed write.
          }
        },
      },
      options,
    );
    store.jobs.resumeInterrupted();
    store.transcoder.start();
    return store;
  }

  /** The id of the datastore named `name`, created (ACTIVE) the first time. */
  async ensureDatastore(name: string): Promise<DatastoreId> {
    this.checkOpen();
    return ensureDatastore(this.ctx, name);
  }

  /** Waits for writes in progress, import jobs and the frames being transcoded (not the backlog: the next open resumes it), then closes the index. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.jobs.stop();
    await Promise.allSettled([...this.inFlight]);
    await this.transcoder.close();
    this.ctx.db.close();
  }

  async storeInstance(datastoreId: DatastoreId, bytes: Uint8Array, options: StoreOptions = {}): Promise<StoreOutcome> {
    this.checkOpen();
    return this.store(checkResourceId('datastoreId', datastoreId), bytes, options.source ?? 'instance', options.batch);
  }

  /** Frames acknowledged and not yet transcoded to their stored form (rows of the durable queue). */
  pendingTranscodes(): number {
    // A metrics scrape may come after close: nothing is pending in a closed store's process.
    return this.closed ? 0 : this.transcoder.pending();
  }

  /** Resolves once every queued frame was transcoded (or tried) and none is in progress; waits on while transcoding is paused. */
  async transcodesSettled(): Promise<void> {
    this.checkOpen();
    await this.transcoder.settled();
  }

  /** Stops taking frames from the transcode queue (reads still transcode the frames they ask for). */
  pauseTranscoding(): void {
    this.transcoder.pause();
  }

  /** Takes frames from the transcode queue again (also after `transcode: 'paused'`). */
  resumeTranscoding(): void {
    this.transcoder.resume();
  }

  async qido(datastoreId: DatastoreId, query: QidoQuery, options: QidoOptions = {}): Promise<DicomJsonDataset[]> {
    this.checkOpen();
    return runQido(this.ctx.db, requireDatastore(this.ctx, datastoreId).id, query, options);
  }

  async locateInstances(
    datastoreId: DatastoreId,
    studyInstanceUid: string,
    seriesInstanceUid?: string,
    sopInstanceUid?: string,
  ): Promise<InstanceLocation[]> {
    this.checkOpen();
    return locateInstances(this.ctx.db, requireDatastore(this.ctx, datastoreId).id, studyInstanceUid, seriesInstanceUid, sopInstanceUid);
  }

  async listConflicts(datastoreId: DatastoreId): Promise<StudyConflict[]> {
    this.checkOpen();
    return listConflicts(this.ctx.db, requireDatastore(this.ctx, datastoreId).id);
  }

  async instanceFrames(
    datastoreId: DatastoreId,
    studyInstanceUid: string,
    seriesInstanceUid: string,
    sopInstanceUid: string,
  ): Promise<InstanceFrames | undefined> {
    this.checkOpen();
    return instanceFrames(this.ctx.db, requireDatastore(this.ctx, datastoreId).id, studyInstanceUid, seriesInstanceUid, sopInstanceUid);
  }

  async readFrame(datastoreId: DatastoreId, imageSetId: ImageSetId, frameId: ImageFrameId): Promise<StoredFrameBytes> {
    this.checkOpen();
    return readFrame(
      this.ctx,
      checkResourceId('datastoreId', datastoreId),
      checkResourceId('imageSetId', imageSetId),
      checkResourceId('imageFrameId', frameId),
    );
  }

  async createDatastore(input: sdk.CreateDatastoreCommandInput): Promise<Out<sdk.CreateDatastoreCommandOutput>> {
    this.checkOpen();
    return createDatastore(this.ctx, input);
  }

  async getDatastore(input: sdk.GetDatastoreCommandInput): Promise<Out<sdk.GetDatastoreCommandOutput>> {
    this.checkOpen();
    return getDatastore(this.ctx, input);
  }

  async listDatastores(input: sdk.ListDatastoresCommandInput): Promise<Out<sdk.ListDatastoresCommandOutput>> {
    this.checkOpen();
    return listDatastores(this.ctx, input);
  }

  async startDICOMImportJob(input: sdk.StartDICOMImportJobCommandInput): Promise<Out<sdk.StartDICOMImportJobCommandOutput>> {
    this.checkOpen();
    return this.jobs.start(input);
  }

  async getDICOMImportJob(input: sdk.GetDICOMImportJobCommandInput): Promise<Out<sdk.GetDICOMImportJobCommandOutput>> {
    this.checkOpen();
    return this.jobs.get(input);
  }

  async listDICOMImportJobs(input: sdk.ListDICOMImportJobsCommandInput): Promise<Out<sdk.ListDICOMImportJobsCommandOutput>> {
    this.checkOpen();
    return this.jobs.list(input);
  }

  async searchImageSets(input: sdk.SearchImageSetsCommandInput): Promise<Out<sdk.SearchImageSetsCommandOutput>> {
    this.checkOpen();
    return searchImageSets(this.ctx, input);
  }

  async getImageSet(input: sdk.GetImageSetCommandInput): Promise<Out<sdk.GetImageSetCommandOutput>> {
    this.checkOpen();
    return getImageSet(this.ctx, input);
  }

  async getImageSetMetadata(input: sdk.GetImageSetMetadataCommandInput): Promise<GetImageSetMetadataResult> {
    this.checkOpen();
    return getImageSetMetadata(this.ctx, input);
  }

  async getImageFrame(input: sdk.GetImageFrameCommandInput): Promise<GetImageFrameResult> {
    this.checkOpen();
    return getImageFrame(this.ctx, input);
  }

  async listImageSetVersions(input: sdk.ListImageSetVersionsCommandInput): Promise<Out<sdk.ListImageSetVersionsCommandOutput>> {
    this.checkOpen();
    return listImageSetVersions(this.ctx, input);
  }

  async updateImageSetMetadata(input: sdk.UpdateImageSetMetadataCommandInput): Promise<Out<sdk.UpdateImageSetMetadataCommandOutput>> {
    this.checkOpen();
    return this.track(updateImageSetMetadata(this.ctx, input));
  }

  async copyImageSet(input: sdk.CopyImageSetCommandInput): Promise<Out<sdk.CopyImageSetCommandOutput>> {
    this.checkOpen();
    return this.track(copyImageSet(this.ctx, input));
  }

  async deleteImageSet(input: sdk.DeleteImageSetCommandInput): Promise<Out<sdk.DeleteImageSetCommandOutput>> {
    this.checkOpen();
    return this.track(deleteImageSet(this.ctx, input));
  }

  private checkOpen(): void {
    if (this.closed) throw new HealthImagingError('InternalServerException', 'the local HealthImaging store is closed');
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const done = () => this.inFlight.delete(work);
    work.then(done, done);
    return work;
  }
}

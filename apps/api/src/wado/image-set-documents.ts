import type { DatastoreId, DicomJsonDataset, ImageSetId, ImageSetMetadata, InstanceMetadata } from '@triage/dicom';
import { denormalizeDataset } from '@triage/dicom';
import type { HealthImaging } from '@triage/healthimaging';
import { readImageSetMetadata } from '@triage/healthimaging';

/** One instance as WADO-RS needs it: its merged attributes and where its frames are. */
export interface InstanceView {
  seriesInstanceUid: string;
  sopInstanceUid: string;
  dataset: DicomJsonDataset;
  stored: InstanceMetadata;
}

/** One image set version's metadata document, with what was rendered from it. */
export class ImageSetDocument {
  private readonly views = new Map<string, InstanceView>();
  private readonly shared = new Map<string, DicomJsonDataset>();
  private readonly instanceJson = new Map<string, string>();
  private readonly seriesJson = new Map<string, string>();
  /** Instances whose stored attributes could not be turned into DICOM JSON, keyed `series/sop`: why. */
  private readonly failures = new Map<string, string>();

  constructor(
    readonly imageSetId: ImageSetId,
    readonly versionId: string,
    /** The version and the image set's update time it was read at: the cache's key. */
    readonly stamp: string,
    readonly doc: ImageSetMetadata,
    private readonly frameUrl: (study: string, series: string, sop: string, frames: number) => string,
  ) {}

  /**
   * The instance's attributes (DICOM JSON, pixel data left out; shared: copy before changing) and
   * stored form; undefined when absent or unreadable ({@link unreadable} says why).
   */
  instance(seriesUid: string, sopUid: string): InstanceView | undefined {
    const key = `${seriesUid}/${sopUid}`;
    let view = this.views.get(key);
    if (!view && !this.failures.has(key)) {
      const stored = this.doc.Study.Series[seriesUid]?.Instances[sopUid];
      if (!stored) return undefined;
      try {
        // As instanceAttributes merges the levels, but the shared levels are converted once per series.
        const dataset = sortByTag({ ...this.sharedLevels(seriesUid), ...denormalizeDataset(stored.DICOM, stored.DICOMVRs) });
        if (!Array.isArray(stored.ImageFrames)) throw new Error('its stored frame list is not a list');
        view = { seriesInstanceUid: seriesUid, sopInstanceUid: sopUid, dataset, stored };
        this.views.set(key, view);
      } catch (error) {
        // One instance's damaged attributes (a sequence stored as bytes, say) must not take its series down.
        this.failures.set(key, `its metadata cannot be read: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return view;
  }

  /** Why an instance of this document cannot be read; undefined when it can (or was not read yet, or is absent). */
  unreadable(seriesUid: string, sopUid: string): string | undefined {
    return this.failures.get(`${seriesUid}/${sopUid}`);
  }

  /** The patient, study and series attributes of a series as DICOM JSON. */
  private sharedLevels(seriesUid: string): DicomJsonDataset {
    let dataset = this.shared.get(seriesUid);
    if (!dataset) {
      const series = this.doc.Study.Series[seriesUid];
      dataset = denormalizeDataset({ ...this.doc.Patient.DICOM, ...this.doc.Study.DICOM, ...series?.DICOM });
      this.shared.set(seriesUid, dataset);
    }
    return dataset;
  }

  /** How many instances the document holds: its weight in the cache. */
  get instanceCount(): number {
    return Object.values(this.doc.Study.Series).reduce((n, series) => n + Object.keys(series.Instances).length, 0);
  }

  /** The SOP Instance UIDs of a series in this image set. */
  instanceUids(seriesUid: string): string[] {
    return Object.keys(this.doc.Study.Series[seriesUid]?.Instances ?? {});
  }

  /** WADO-RS metadata of one instance as JSON text (rendered once per version), pixel data as a BulkDataURI. */
  instanceMetadataJson(seriesUid: string, sopUid: string): string | undefined {
    const key = `${seriesUid}/${sopUid}`;
    let json = this.instanceJson.get(key);
    if (json === undefined) {
      const view = this.instance(seriesUid, sopUid);
      if (!view) return undefined;
      try {
        json = this.renderMetadata(view);
      } catch (error) {
        this.failures.set(key, `its metadata cannot be rendered: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
      this.instanceJson.set(key, json);
    }
    return json;
  }

  private renderMetadata(view: InstanceView): string {
    const dataset = { ...view.dataset };
    const frames = view.stored.ImageFrames.length;
    if (frames > 0) {
      const study = String(this.doc.Study.DICOM['StudyInstanceUID'] ?? '');
      dataset['00083002'] = { vr: 'UI', Value: [view.stored.StoredTransferSyntaxUID] };
      const bitsAllocated = Number(dataset['00280100']?.Value?.[0] ?? 16);
      dataset['7FE00010'] = {
        vr: bitsAllocated > 8 ? 'OW' : 'OB',
        BulkDataURI: this.frameUrl(study, view.seriesInstanceUid, view.sopInstanceUid, frames),
      };
    }
    return JSON.stringify(sortByTag(dataset));
  }

  /** The metadata of every readable instance of a series in this image set, comma-joined (rendered once per version). */
  seriesMetadataJson(seriesUid: string): string {
    let json = this.seriesJson.get(seriesUid);
    if (json === undefined) {
      json = this.instanceUids(seriesUid)
        .map((sop) => this.instanceMetadataJson(seriesUid, sop))
        .filter((piece) => piece !== undefined)
        .join(',');
      this.seriesJson.set(seriesUid, json);
    }
    return json;
  }
}

/**
 * The metadata documents of image sets, cached per image set version and update time: a version
 * may still grow (later commits of the same ingest batch extend it) and gain its frame sizes when
 * transcoding ends, and either moves the image set's `updatedAt`; what was parsed and rendered
 * stays right until one of the two changes.
 */
export class ImageSetDocuments {
  private readonly cache = new Map<string, ImageSetDocument>();
  /** Loads in progress, so that concurrent first requests for a large image set parse it once. */
  private readonly loading = new Map<string, Promise<ImageSetDocument>>();

  constructor(
    private readonly store: HealthImaging,
    private readonly datastoreId: DatastoreId,
    private readonly frameUrl: (study: string, series: string, sop: string, frames: number) => string,
    /** Documents are weighed by their instances (a 600-slice CT weighs what 600 radiographs do), about 25 KiB each once rendered. */
    private readonly maxInstances = 8000,
  ) {}

  private cachedInstances = 0;

  /** The latest version's document of an image set, as of its last update. */
  async get(imageSetId: ImageSetId): Promise<ImageSetDocument> {
    const { versionId, updatedAt } = await this.store.getImageSet({ datastoreId: this.datastoreId, imageSetId });
    const stamp = `${versionId ?? ''}@${updatedAt instanceof Date ? updatedAt.getTime() : String(updatedAt ?? '')}`;
    const key = imageSetId;
    const cached = this.cache.get(key);
    if (cached && cached.stamp === stamp) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const loadKey = `${imageSetId}@${stamp}`;
    let loading = this.loading.get(loadKey);
    if (!loading) {
      loading = this.load(imageSetId, versionId ?? '', stamp).finally(() => this.loading.delete(loadKey));
      this.loading.set(loadKey, loading);
    }
    const doc = await loading;
    this.remove(key);
    this.cache.set(key, doc);
    this.cachedInstances += doc.instanceCount;
    // Least recently used first; the document just loaded stays even when it alone is over the budget.
    while (this.cachedInstances > this.maxInstances && this.cache.size > 1) this.remove(this.cache.keys().next().value as string);
    return doc;
  }

  private remove(key: string): void {
    const doc = this.cache.get(key);
    if (!doc) return;
    this.cache.delete(key);
    this.cachedInstances -= doc.instanceCount;
  }

  private async load(imageSetId: ImageSetId, versionId: string, stamp: string): Promise<ImageSetDocument> {
    // Gunzipped as a stream (off the event loop), as every reader of the port does.
    const metadata = await readImageSetMetadata(this.store, {
      datastoreId: this.datastoreId,
      imageSetId,
      versionId: versionId || undefined,
    });
    return new ImageSetDocument(imageSetId, versionId, stamp, metadata, this.frameUrl);
  }
}

function sortByTag(dataset: DicomJsonDataset): DicomJsonDataset {
  return Object.fromEntries(Object.entries(dataset).sort(([a], [b]) => (a < b ? -1 : 1)));
}

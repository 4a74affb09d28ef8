import type { FastifyReply } from 'fastify';
import type { ImageSetId } from '@triage/dicom';
import type { InstanceFrames, InstanceLocation } from '@triage/healthimaging';
import type { ApiContext } from '../app/api-context';
import { FrameReader } from './frame-reader';
import { FrameSource } from './frame-source';
import { SeriesPrefetch, defaultPrefetchOptions, type PrefetchOptions } from './series-prefetch';
import { ImageSetDocuments, type ImageSetDocument, type InstanceView } from './image-set-documents';
import { replyProblem } from '../app/problem';
import { errorDetail, reportUnreadable, type UnreadableInstance } from './unreadable-instances';

/** A located instance with its document and view. */
export interface ResolvedInstance {
  location: InstanceLocation;
  doc: ImageSetDocument;
  view: InstanceView;
}

/** How the frames route reads: the decoded-frame cache's budget and the prefetch's reach. */
export interface FrameReadOptions {
  /** Bytes of decoded frames kept for native-pixel answers; 0 keeps none (and prefetches nothing). */
  frameCacheBytes: number;
  /** Defaults: {@link defaultPrefetchOptions} for the codec pool's size. */
  prefetch?: Partial<PrefetchOptions>;
}

/** What the read routes share: the store's documents (cached per version), frames, and instance lookup. */
export class ReadContext {
  readonly documents: ImageSetDocuments;
  readonly frames: FrameReader;
  /** The frames route's frames: straight from the index and the frame files, decoded ones cached. */
  readonly frameSource: FrameSource;
  readonly prefetch: SeriesPrefetch;

  constructor(
    readonly ctx: ApiContext,
    readonly prefix: string,
    options: FrameReadOptions,
  ) {
    const frameUrl = (study: string, series: string, sop: string, count: number): string =>
      `${prefix}/studies/${study}/series/${series}/instances/${sop}/frames/${Array.from({ length: count }, (_, i) => i + 1).join(',')}`;
    this.documents = new ImageSetDocuments(ctx.store, ctx.datastoreId, frameUrl);
    this.frames = new FrameReader(ctx.store, ctx.datastoreId, ctx.codecPool, ctx.metrics);
    this.frameSource = new FrameSource(ctx.store, ctx.datastoreId, ctx.codecPool, ctx.metrics, options.frameCacheBytes);
    const prefetch = { ...defaultPrefetchOptions(ctx.codecPool.size), ...options.prefetch };
    // Without a cache a decode ahead would be thrown away.
    if (options.frameCacheBytes <= 0) prefetch.depth = 0;
    this.prefetch = new SeriesPrefetch(
      ctx.store,
      ctx.datastoreId,
      ctx.codecPool,
      (instance) => this.frameSource.prefetch(instance, instance.imageFrameIds[0]),
      prefetch,
      undefined,
      () => this.frameSource.awaiting,
    );
    this.frameSource.onAwait = () => this.prefetch.resume();
  }

  /**
   * One instance's frames from its index row (no document: the same cost however large its study);
   * answers 404 problem+json when it is not stored, or 500 naming it when it is stored but its
   * index entry cannot be read (and returns undefined).
   */
  async instanceFrames(reply: FastifyReply, study: string, series: string, sop: string): Promise<InstanceFrames | undefined> {
    const found = await this.ctx.store.instanceFrames(this.ctx.datastoreId, study, series, sop);
    if (found) return found;
    const what = `instance ${sop} of series ${series} of study ${study}`;
    // Not found, or found but unreadable: the index's location query tells them apart (only on this path).
    const located = await this.ctx.store.locateInstances(this.ctx.datastoreId, study, series, sop);
    if (located.length === 0) {
      replyProblem(reply, 404, `${what} is not stored here`);
      return undefined;
    }
    const unreadable: UnreadableInstance[] = [{ sopInstanceUid: sop, reason: 'metadata', detail: 'its index entry cannot be read' }];
    reportUnreadable(reply, this.ctx, unreadable);
    replyUnreadable(reply, what, unreadable);
    return undefined;
  }

  /**
   * The stored instances of a study, series or instance with their documents; answers 404
   * problem+json (and returns undefined) when nothing is stored there. Instances that cannot be
   * read are left out and reported ({@link reportUnreadable}); when none can be read, answers 500
   * problem+json naming them.
   */
  async resolve(reply: FastifyReply, study: string, series?: string, sop?: string): Promise<ResolvedInstance[] | undefined> {
    const locations = await this.ctx.store.locateInstances(this.ctx.datastoreId, study, series, sop);
    const docs = new Map<ImageSetId, ImageSetDocument | Error>();
    const out: ResolvedInstance[] = [];
    const unreadable: UnreadableInstance[] = [];
    for (const location of locations) {
      const { sopInstanceUid } = location;
      let doc = docs.get(location.imageSetId);
      if (!doc) docs.set(location.imageSetId, (doc = await this.documents.get(location.imageSetId).catch((e: unknown) => asError(e))));
      if (doc instanceof Error) {
        unreadable.push({ sopInstanceUid, reason: 'document', detail: doc.message });
        continue;
      }
      const view = doc.instance(location.seriesInstanceUid, sopInstanceUid);
      if (view) out.push({ location, doc, view });
      else
        unreadable.push({
          sopInstanceUid,
          reason: 'metadata',
          // Indexed but absent from the document: its stored entry could not be read when the version was materialised.
          detail: doc.unreadable(location.seriesInstanceUid, sopInstanceUid) ?? 'its metadata is missing from its image set document',
        });
    }
    reportUnreadable(reply, this.ctx, unreadable);
    if (out.length === 0) {
      const what = sop
        ? `instance ${sop} of series ${series} of study ${study}`
        : series
          ? `series ${series} of study ${study}`
          : `study ${study}`;
      if (unreadable.length > 0) replyUnreadable(reply, what, unreadable);
      else replyProblem(reply, 404, `${what} is not stored here`);
      return undefined;
    }
    return out;
  }
}

/** Answers 500 problem+json when every instance asked for is unreadable, naming them (the Warning header names each too). */
export function replyUnreadable(reply: FastifyReply, what: string, unreadable: UnreadableInstance[]): FastifyReply {
  const named = unreadable.map((u) => `instance ${u.sopInstanceUid}: ${u.detail}`).join('; ');
  return replyProblem(reply, 500, `${what} is stored but cannot be read: ${named}`);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(errorDetail(error));
}

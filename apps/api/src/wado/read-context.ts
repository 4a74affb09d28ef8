import type { FastifyReply } from 'fastify';
import type { ImageSetId } from '@triage/dicom';
import type { InstanceLocation } from '@triage/healthimaging';
import type { ApiContext } from '../app/api-context';
import { FrameReader } from './frame-reader';
import { ImageSetDocuments, type ImageSetDocument, type InstanceView } from './image-set-documents';
import { replyProblem } from '../app/problem';

/** A located instance with its document and view. */
export interface ResolvedInstance {
  location: InstanceLocation;
  doc: ImageSetDocument;
  view: InstanceView;
}

/** What the read routes share: the store's documents (cached per version), frames, and instance lookup. */
export class ReadContext {
  readonly documents: ImageSetDocuments;
  readonly frames: FrameReader;

  constructor(
    readonly ctx: ApiContext,
    readonly prefix: string,
  ) {
    const frameUrl = (study: string, series: string, sop: string, count: number): string =>
      `${prefix}/studies/${study}/series/${series}/instances/${sop}/frames/${Array.from({ length: count }, (_, i) => i + 1).join(',')}`;
    this.documents = new ImageSetDocuments(ctx.store, ctx.datastoreId, frameUrl);
    this.frames = new FrameReader(ctx.store, ctx.datastoreId, ctx.codecPool, ctx.metrics);
  }

  /**
   * The stored instances of a study, series or instance with their documents; answers 404
   * problem+json (and returns undefined) when nothing is stored there.
   */
  async resolve(reply: FastifyReply, study: string, series?: string, sop?: string): Promise<ResolvedInstance[] | undefined> {
    const locations = await this.ctx.store.locateInstances(this.ctx.datastoreId, study, series, sop);
    const docs = new Map<ImageSetId, ImageSetDocument>();
    const out: ResolvedInstance[] = [];
    for (const location of locations) {
      let doc = docs.get(location.imageSetId);
      if (!doc) docs.set(location.imageSetId, (doc = await this.documents.get(location.imageSetId)));
      const view = doc.instance(location.seriesInstanceUid, location.sopInstanceUid);
      if (view) out.push({ location, doc, view });
    }
    if (out.length === 0) {
      const what = sop
        ? `instance ${sop} of series ${series} of study ${study}`
        : series
          ? `series ${series} of study ${study}`
          : `study ${study}`;
      replyProblem(reply, 404, `${what} is not stored here`);
      return undefined;
    }
    return out;
  }
}

import type { FastifyReply } from 'fastify';
import type { ImageSetId } from '@triage/dicom';
import type { InstanceLocation } from '@triage/healthimaging';
import type { ApiContext } from '../app/api-context';
import { FrameReader } from './frame-reader';
import { ImageSetDocuments, type ImageSetDocument, type InstanceView } from './image-set-documents';
import { replyProblem } from '../app/problem';
import { errorDetail, reportUnreadable, type UnreadableInstance } from './unreadable-instances';

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

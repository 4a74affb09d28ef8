import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from '../app/api-context';
import { registerRenderRoutes } from '../render/render-routes';
import { instancePart10 } from './instance-part10';
import type { ImageFrameId } from '@triage/dicom';
import {
  instanceForm,
  isStoredNative,
  multipartRelatedType,
  multipartStream,
  negotiateFrames,
  negotiateInstances,
  negotiateSinglePart,
  newBoundary,
  partHead,
  closingDelimiter,
  PART_END,
  type OutgoingPart,
  type Negotiated,
  type SinglePartFrame,
} from '@triage/dicomweb';
import { FrameParams, InstanceParams, SeriesParams, StudyParams } from './path-params';
import { ReadContext, replyUnreadable, type FrameReadOptions, type ResolvedInstance } from './read-context';
import { isolatedParts, type PartJob } from './isolated-parts';
import { frameFailures, reportUnreadable, type UnreadableInstance } from './unreadable-instances';
import { ProblemSchema, replyProblem } from '../app/problem';
import { singlePartAnswer } from './single-part-frame';

const multipart = (description: string) => Type.Unknown({ description });
const errors = { 400: ProblemSchema, 404: ProblemSchema, 406: ProblemSchema };
const RETRIEVE_DESCRIPTION =
  'multipart/related; type="application/dicom": Part 10 instances, Explicit VR Little Endian by default, ' +
  'HTJ2K as stored with transfer-syntax=1.2.840.10008.1.2.4.202 or *.';

/**
 * WADO-RS (PS3.18 10.4): study, series and instance retrieval as multipart/related Part 10,
 * metadata at every level, frames (HTJ2K as stored or native pixels), and rendered series
 * thumbnails. Register with the {@link ApiContext} as options under the DICOMweb prefix.
 */
export const wadoRoutes: FastifyPluginAsyncTypebox<ApiContext & FrameReadOptions> = async (app, ctx) => {
  const read = new ReadContext(ctx, app.prefix, ctx);

  const retrieve = async (request: FastifyRequest, reply: FastifyReply, study: string, series?: string, sop?: string) => {
    const negotiated = negotiateInstances(request.headers.accept);
    if (!negotiated)
      return replyProblem(
        reply,
        406,
        `cannot answer Accept: ${request.headers.accept}; offered: multipart/related; type="application/dicom" with transfer-syntax 1.2.840.10008.1.2.1, 1.2.840.10008.1.2.4.202 or *`,
      );
    const instances = await read.resolve(reply, study, series, sop);
    if (!instances) return reply;
    const boundary = newBoundary();
    const uniform = negotiated.transferSyntaxUid === '*' ? undefined : negotiated.transferSyntaxUid;
    const jobs: PartJob[] = instances.map(({ location, view }) => ({
      sopInstanceUid: view.sopInstanceUid,
      build: async () => {
        const { form, transferSyntaxUid } = instanceForm(negotiated, view.stored.StoredTransferSyntaxUID);
        const body = await instancePart10(location.imageSetId, view, form, read.frames);
        if (view.stored.ImageFrames.length > 0)
          ctx.metrics.framesServed.inc({ transfer_syntax: transferSyntaxUid }, view.stored.ImageFrames.length);
        return { contentType: `application/dicom; transfer-syntax=${transferSyntaxUid}`, body };
      },
    }));
    const { failed, onFailure } = frameFailures(reply, ctx);
    const parts = await isolatedParts(jobs, onFailure, 'skip');
    if (!parts) return replyUnreadable(reply, `the ${instances.length} readable instance(s) asked for`, failed);
    return reply
      .header('content-type', multipartRelatedType(boundary, 'application/dicom', uniform))
      .send(multipartStream(boundary, parts, (n) => ctx.metrics.bytesServed.inc({ kind: 'instance' }, n)));
  };

  const metadata = async (reply: FastifyReply, study: string, series?: string, sop?: string) => {
    const instances = await read.resolve(reply, study, series, sop);
    if (!instances) return reply;
    const unreadable: UnreadableInstance[] = [];
    const body = metadataJson(instances, unreadable);
    reportUnreadable(reply, ctx, unreadable);
    if (unreadable.length === instances.length) return replyUnreadable(reply, 'every instance asked for', unreadable);
    reply.request.auditResults = instances.length - unreadable.length;
    ctx.metrics.bytesServed.inc({ kind: 'metadata' }, Buffer.byteLength(body));
    return reply.type('application/dicom+json').send(body);
  };

  app.get(
    '/studies/:study',
    {
      config: { action: 'dicomweb.read' },
      schema: {
        params: StudyParams,
        response: { 200: multipart(RETRIEVE_DESCRIPTION), ...errors },
        description: RETRIEVE_DESCRIPTION,
        tags: ['WADO-RS'],
      },
    },
    (req, reply) => retrieve(req, reply, req.params.study),
  );
  app.get(
    '/studies/:study/series/:series',
    {
      config: { action: 'dicomweb.read' },
      schema: {
        params: SeriesParams,
        response: { 200: multipart(RETRIEVE_DESCRIPTION), ...errors },
        description: RETRIEVE_DESCRIPTION,
        tags: ['WADO-RS'],
      },
    },
    (req, reply) => retrieve(req, reply, req.params.study, req.params.series),
  );
  app.get(
    '/studies/:study/series/:series/instances/:instance',
    {
      config: { action: 'dicomweb.read' },
      schema: {
        params: InstanceParams,
        response: { 200: multipart(RETRIEVE_DESCRIPTION), ...errors },
        description: RETRIEVE_DESCRIPTION,
        tags: ['WADO-RS'],
      },
    },
    (req, reply) => retrieve(req, reply, req.params.study, req.params.series, req.params.instance),
  );

  const metadataSchema = <P extends TSchema>(params: P) => ({
    params,
    response: { 200: Type.Unknown({ description: 'application/dicom+json' }), 404: ProblemSchema },
    description: 'application/dicom+json: one data set per instance, pixel data as a BulkDataURI to its frames.',
    tags: ['WADO-RS'],
  });
  app.get('/studies/:study/metadata', { config: { action: 'dicomweb.read' }, schema: metadataSchema(StudyParams) }, (req, reply) =>
    metadata(reply, req.params.study),
  );
  app.get(
    '/studies/:study/series/:series/metadata',
    { config: { action: 'dicomweb.read' }, schema: metadataSchema(SeriesParams) },
    (req, reply) => metadata(reply, req.params.study, req.params.series),
  );
  app.get(
    '/studies/:study/series/:series/instances/:instance/metadata',
    { config: { action: 'dicomweb.read' }, schema: metadataSchema(InstanceParams) },
    (req, reply) => metadata(reply, req.params.study, req.params.series, req.params.instance),
  );

  app.get(
    '/studies/:study/series/:series/instances/:instance/frames/:frames',
    {
      config: { action: 'dicomweb.read' },
      schema: {
        params: FrameParams,
        querystring: FrameQuery,
        headers: FrameHeaders,
        response: {
          200: multipart('multipart/related, one part per frame; or one frame single part (image/jphc)'),
          206: multipart('the byte range asked of one frame single part (image/jphc), with Content-Range'),
          ...errors,
          416: ProblemSchema,
        },
        description:
          'multipart/related, one part per frame: type="image/jph" (HTJ2K, transfer-syntax=1.2.840.10008.1.2.4.202, the stored bytes) ' +
          'when Accept allows it, else type="application/octet-stream" (native little-endian pixels, 1.2.840.10008.1.2.1). ' +
          'Frames stored uncompressed (1- and 32-bit samples; 1-bit packed 8 pixels a byte) come only as application/octet-stream. ' +
          'One frame asked as image/jphc or image/jph (Accept, or the accept query parameter, which PS3.18 8.7.8.1 reads first) comes ' +
          'single part, the stored codestream as the body, and honours one Range: bytes=a-b, a- or -n (206 with Content-Range; 416 past ' +
          'the end or malformed; several ranges answer 200 whole); X-Triage-Resolution-Ends names where each resolution ends.',
        tags: ['WADO-RS'],
      },
    },
    async (req, reply) => {
      const { study, series, instance, frames } = req.params;
      const located = await read.instanceFrames(reply, study, series, instance);
      if (!located) return reply;
      const ids = located.imageFrameIds;
      const numbers = frames.split(',').map(Number);
      const missing = numbers.find((n) => n > ids.length);
      if (missing !== undefined) {
        return replyProblem(
          reply,
          404,
          ids.length === 0
            ? `instance ${instance} has no frames`
            : `frame ${missing} does not exist: instance ${instance} has ${ids.length}`,
        );
      }
      // Negotiated on the frames' final stored form, so an answer's form never depends on whether transcoding is done.
      const storedTs = located.storedTransferSyntaxUid;
      const { single, negotiated } = negotiateFrameAnswer([req.query.accept, req.headers.accept], storedTs);
      const info = located.pixel;
      if (single) {
        if (numbers.length > 1) {
          return replyProblem(
            reply,
            406,
            `a single-part ${single.mediaType} answer holds one frame, ${frames} asks for ${numbers.length}: ask for one frame, or for multipart/related; type="image/jph"`,
          );
        }
        const { failed, onFailure } = frameFailures(reply, ctx);
        let codestream: Uint8Array;
        try {
          codestream = await read.frameSource.htj2k(located, ids[numbers[0] - 1]);
        } catch (error) {
          onFailure({ sopInstanceUid: instance }, error);
          return replyUnreadable(reply, `frame ${frames} of instance ${instance}`, failed);
        }
        const answer = singlePartAnswer(single, codestream, req.headers.range);
        if (answer.status === 416) return replyProblem(reply.headers(answer.headers), 416, answer.detail);
        ctx.metrics.framesServed.inc({ transfer_syntax: single.transferSyntaxUid });
        ctx.metrics.bytesServed.inc({ kind: 'frame' }, answer.body.length);
        return reply
          .code(answer.status)
          .headers(answer.headers)
          .send(Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.length));
      }
      if (!negotiated) {
        if (isStoredNative(storedTs)) {
          // 1- and 32-bit frames are beyond the HTJ2K encoder: there is no codestream to send.
          return replyProblem(
            reply,
            406,
            `cannot answer Accept: ${req.headers.accept}; the frames of instance ${instance} are stored uncompressed ` +
              `(${info.bitsAllocated}-bit samples, which HTJ2K lossless cannot hold): offered only multipart/related; type="application/octet-stream" (1.2.840.10008.1.2.1)`,
          );
        }
        return replyProblem(
          reply,
          406,
          `cannot answer Accept: ${req.headers.accept}; offered: multipart/related; type="image/jph" (1.2.840.10008.1.2.4.202) or type="application/octet-stream" (1.2.840.10008.1.2.1), or one frame as image/jphc`,
        );
      }
      const partType = `${negotiated.partType}; transfer-syntax=${negotiated.transferSyntaxUid}`;
      const source = read.frameSource;
      const frameOf: (id: ImageFrameId) => Promise<Uint8Array> =
        negotiated.form === 'native'
          ? (id) => source.native(located, id)
          : isStoredNative(storedTs)
            ? (id) => source.storedNative(located, id)
            : (id) => source.htj2k(located, id);
      // Decoded answers: the next instances of a series read in order are decoded while this one is.
      if (negotiated.form === 'native') read.prefetch.noteRead(located);
      const jobs: PartJob[] = numbers.map((n) => ({
        sopInstanceUid: instance,
        build: async () => {
          const body = await frameOf(ids[n - 1]);
          ctx.metrics.framesServed.inc({ transfer_syntax: negotiated.transferSyntaxUid });
          return { contentType: partType, body };
        },
      }));
      const { failed, onFailure } = frameFailures(reply, ctx);
      if (jobs.length === 1) {
        // One frame (what viewers ask for): the body whole in one buffer with its length, no stream to pull.
        let part: OutgoingPart;
        try {
          part = await jobs[0].build();
        } catch (error) {
          onFailure(jobs[0], error);
          return replyUnreadable(reply, `frames ${frames} of instance ${instance}`, failed);
        }
        const boundary = newBoundary();
        const body = part.body as Uint8Array;
        ctx.metrics.bytesServed.inc({ kind: 'frame' }, body.length);
        return reply
          .header('content-type', multipartRelatedType(boundary, negotiated.partType, negotiated.transferSyntaxUid))
          .send(Buffer.concat([partHead(boundary, part.contentType), body, PART_END, closingDelimiter(boundary)]));
      }
      // A frame left out would shift the ones after it: the body ends at the first that fails.
      const parts = await isolatedParts(jobs, onFailure, 'stop');
      if (!parts) return replyUnreadable(reply, `frames ${frames} of instance ${instance}`, failed);
      const boundary = newBoundary();
      return reply
        .header('content-type', multipartRelatedType(boundary, negotiated.partType, negotiated.transferSyntaxUid))
        .send(multipartStream(boundary, parts, (n) => ctx.metrics.bytesServed.inc({ kind: 'frame' }, n)));
    },
  );

  registerRenderRoutes(app, read);
};

/** The frames route's query: PS3.18's accept query parameter (media types, read before the Accept header). */
const FrameQuery = Type.Object({
  accept: Type.Optional(Type.String({ maxLength: 1024, description: 'media types, as in Accept; tried before the Accept header' })),
});

/** The frames route's headers the schema documents: Range (one bytes range, single-part answers only). */
const FrameHeaders = Type.Object({
  range: Type.Optional(Type.String({ maxLength: 256, description: 'bytes=a-b, bytes=a- or bytes=-n; honoured on single-part answers' })),
});

/**
 * PS3.18 8.7.8.1: the media types of the accept query parameter first, then the Accept header; within one,
 * a single-part image/jphc answer when it is named at least as high as multipart, else multipart negotiation.
 */
function negotiateFrameAnswer(
  [query, header]: [string | undefined, string | undefined],
  storedTs: string,
): { single?: SinglePartFrame; negotiated?: Negotiated } {
  for (const accept of query === undefined ? [header] : [query, header]) {
    const single = negotiateSinglePart(accept, storedTs);
    if (single) return { single };
    const negotiated = negotiateFrames(accept, storedTs);
    if (negotiated) return { negotiated };
  }
  return {};
}

/** The WADO-RS metadata of instances: cached JSON per instance (or whole series) joined into one array; those that cannot be rendered go to `unreadable`. */
function metadataJson(instances: ResolvedInstance[], unreadable: UnreadableInstance[]): string {
  const pieces: string[] = [];
  let i = 0;
  while (i < instances.length) {
    const { doc, location } = instances[i];
    const series = location.seriesInstanceUid;
    let j = i;
    while (j < instances.length && instances[j].doc === doc && instances[j].location.seriesInstanceUid === series) j++;
    // A whole series of one image set comes from one cached string; a subset instance by instance.
    const whole = j - i === doc.instanceUids(series).length && j - i > 1;
    if (whole) pieces.push(doc.seriesMetadataJson(series));
    for (let k = i; k < j; k++) {
      const sop = instances[k].location.sopInstanceUid;
      const json = whole ? undefined : doc.instanceMetadataJson(series, sop);
      if (json !== undefined) pieces.push(json);
      const why = doc.unreadable(series, sop);
      if (why !== undefined || (!whole && json === undefined))
        unreadable.push({ sopInstanceUid: sop, reason: 'metadata', detail: why ?? 'its metadata cannot be rendered' });
    }
    i = j;
  }
  return `[${pieces.filter((p) => p.length > 0).join(',')}]`;
}

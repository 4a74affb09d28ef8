import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { ApiContext } from '../app/api-context';
import { ProblemSchema, replyProblem } from '../app/problem';
import { UidParam } from '../app/path-params';
import type { FailedInstance, StoredInstance } from '@triage/dicomweb';
import { MultipartError, parseMultipartRelated, readMultipart, stowResponse, stowStatus } from '@triage/dicomweb';
import { storePart } from './store-part';

/** Options of {@link stowRoutes}: the context plus the upload limits. */
export interface StowOptions extends ApiContext {
  /** The largest request body. */
  bodyLimitBytes: number;
  /** The largest instance in it. */
  partLimitBytes: number;
}

const DICOM_JSON = 'application/dicom+json';
const StowResult = Type.Record(Type.String(), Type.Unknown(), {
  description: 'PS3.18 STOW-RS response: ReferencedSOPSequence, FailedSOPSequence',
});

/**
 * STOW-RS (PS3.18 10.5): POST /studies and /studies/{study} with a multipart/related body of
 * application/dicom parts. The body is read as it streams and each part is stored before the next
 * is read, so memory holds one instance at a time whatever the size of the upload.
 */
export const stowRoutes: FastifyPluginAsync<StowOptions> = async (app, options) => {
  // Hand the raw stream to the handler: the streaming parser enforces the size limits itself.
  app.addContentTypeParser('multipart/related', (_request, payload, done) => done(null, payload));

  const schema = (withStudy: boolean) => ({
    summary: withStudy ? 'Store instances of one study (STOW-RS)' : 'Store instances (STOW-RS)',
    description: 'Body: multipart/related; type="application/dicom"; boundary=... with one DICOM Part 10 instance per part.',
    tags: ['dicomweb'],
    consumes: ['multipart/related'],
    ...(withStudy && { params: Type.Object({ study: UidParam }) }),
    response: {
      200: StowResult,
      202: StowResult,
      409: StowResult,
      '4xx': ProblemSchema,
    },
  });

  const handle = async (request: FastifyRequest, reply: FastifyReply, study?: string) => {
    const { boundary, type } = parseMultipartRelated(request.headers['content-type']);
    if (type !== undefined && type !== 'application/dicom') {
      throw new MultipartError(`multipart/related type "${type}" is not supported: send type="application/dicom" (Part 10 instances)`, 415);
    }
    const declared = Number(request.headers['content-length']);
    if (declared > options.bodyLimitBytes)
      throw new MultipartError(`the request body (${declared} bytes) is larger than the limit of ${options.bodyLimitBytes} bytes`, 413);

    const base = `${request.protocol}://${request.host}`;
    const retrieveUrl = (s: string, se?: string, i?: string) =>
      `${base}/dicomweb/studies/${s}${se ? `/series/${se}` : ''}${i ? `/instances/${i}` : ''}`;
    const stored: StoredInstance[] = [];
    const failed: FailedInstance[] = [];
    const body = request.body as Readable;
    for await (const part of readMultipart(body, boundary, {
      maxBodyBytes: options.bodyLimitBytes,
      maxPartBytes: options.partLimitBytes,
    })) {
      const outcome = await storePart(part, {
        store: options.store,
        datastoreId: options.datastoreId,
        study,
        partLimitBytes: options.partLimitBytes,
        retrieveUrl,
        log: request.log,
      });
      if (outcome.ok) {
        options.metrics.ingested.inc({ outcome: outcome.status });
        stored.push({
          sopClassUid: outcome.sopClassUid,
          sopInstanceUid: outcome.sopInstanceUid,
          retrieveUrl: outcome.retrieveUrl,
          unchanged: outcome.status === 'unchanged',
        });
      } else {
        options.metrics.ingested.inc({ outcome: 'refused' });
        failed.push(outcome);
      }
    }
    if (stored.length + failed.length === 0)
      return replyProblem(reply, 400, 'the multipart body has no parts: send one application/dicom part per instance');
    request.log.info({ stored: stored.length, failed: failed.length, study }, 'STOW-RS');
    return reply
      .code(stowStatus(stored.length, failed.length))
      .type(DICOM_JSON)
      .send(JSON.stringify(stowResponse(stored, failed, study && retrieveUrl(study))));
  };

  app.post('/studies', { config: { action: 'dicomweb.store' }, schema: schema(false) }, (request, reply) => handle(request, reply));
  app.post<{ Params: { study: string } }>(
    '/studies/:study',
    { config: { action: 'dicomweb.store' }, schema: schema(true) },
    (request, reply) => handle(request, reply, request.params.study),
  );
};

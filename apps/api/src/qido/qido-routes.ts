import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseQidoQuery, QidoParameterError, type QidoLevel } from '@triage/dicomweb';
import { HealthImagingError, type UnreadableQidoRow } from '@triage/healthimaging';
import type { ApiContext } from '../app/api-context';
import { UidParam } from '../app/path-params';
import { ProblemSchema, replyProblem } from '../app/problem';
import { reportUnreadable, type UnreadableInstance } from '../wado/unreadable-instances';

const Querystring = Type.Object(
  {
    limit: Type.Optional(Type.String({ description: 'results per response (default 1000, at most 10000)' })),
    offset: Type.Optional(Type.String({ description: 'results to skip' })),
    includefield: Type.Optional(
      Type.Union([Type.String(), Type.Array(Type.String())], {
        description: 'keywords or tags to return as well, comma-separated or repeated; `all`',
      }),
    ),
    fuzzymatching: Type.Optional(Type.String({ description: 'accepted; matching stays exact (a Warning says so)' })),
  },
  {
    additionalProperties: Type.Union([Type.String(), Type.Array(Type.String())]),
    description:
      'matching keys by keyword or tag: PatientName=DOE*, StudyDate=20240101-20240131, StudyInstanceUID=1.2.3,1.2.4, ModalitiesInStudy=CT, ...',
  },
);
const response = {
  200: Type.Array(Type.Unknown(), { description: 'application/dicom+json: one data set per match; [] when nothing matches' }),
  400: ProblemSchema,
};

/**
 * QIDO-RS (PS3.18 10.6): studies, series and instances with the standard matching. No match is
 * 200 with an empty array: PS3.18 allows 204 as well, but every client parses an empty array.
 * Register with the {@link ApiContext} as options under the DICOMweb prefix.
 */
export const qidoRoutes: FastifyPluginAsyncTypebox<ApiContext> = async (app, ctx) => {
  const search = async (
    request: FastifyRequest,
    reply: FastifyReply,
    level: QidoLevel,
    path: { studyInstanceUid?: string; seriesInstanceUid?: string },
  ) => {
    let parsed;
    try {
      parsed = parseQidoQuery(level, request.query as Record<string, string | string[]>, path);
    } catch (error) {
      if (error instanceof QidoParameterError) return replyProblem(reply, 400, `query parameter ${error.parameter}: ${error.message}`);
      throw error;
    }
    const { query, warnings } = parsed;
    let results;
    let unreadable: (UnreadableInstance & { position: number })[] = [];
    const onUnreadable = ({ sopInstanceUid, position, detail }: UnreadableQidoRow) =>
      unreadable.push({ sopInstanceUid, position, reason: 'metadata', detail });
    try {
      // One more than asked tells whether there are more to page through.
      results = await ctx.store.qido(ctx.datastoreId, { ...query, limit: query.limit + 1 }, { onUnreadable });
    } catch (error) {
      if (error instanceof HealthImagingError && error.httpStatus === 400) return replyProblem(reply, 400, error.message);
      throw error;
    }
    // A left-out instance keeps its position, so the extra one asked for may be a result or a left-out one.
    if (results.length + unreadable.length > query.limit) {
      if (unreadable.at(-1)?.position === query.limit) unreadable = unreadable.slice(0, -1);
      else results = results.slice(0, -1);
      warnings.push(`299 - "there are more results: ask again with offset=${query.offset + query.limit}"`);
    }
    if (warnings.length > 0) reply.header('warning', warnings.join(', '));
    // An instance that cannot be converted is left out and named (after the paging warning, which it appends to).
    reportUnreadable(reply, ctx, unreadable);
    reply.request.auditResults = results.length;
    return reply.type('application/dicom+json').send(JSON.stringify(results));
  };
  const schema = (params?: ReturnType<typeof Type.Object>) => ({
    querystring: Querystring,
    ...(params && { params }),
    response,
    tags: ['QIDO-RS'],
  });

  app.get('/studies', { config: { action: 'dicomweb.read' }, schema: schema() }, (req, reply) => search(req, reply, 'studies', {}));
  app.get('/series', { config: { action: 'dicomweb.read' }, schema: schema() }, (req, reply) => search(req, reply, 'series', {}));
  app.get('/instances', { config: { action: 'dicomweb.read' }, schema: schema() }, (req, reply) => search(req, reply, 'instances', {}));
  app.get(
    '/studies/:study/series',
    { config: { action: 'dicomweb.read' }, schema: schema(Type.Object({ study: UidParam })) },
    (req, reply) => search(req, reply, 'series', { studyInstanceUid: (req.params as { study: string }).study }),
  );
  app.get(
    '/studies/:study/instances',
    { config: { action: 'dicomweb.read' }, schema: schema(Type.Object({ study: UidParam })) },
    (req, reply) => search(req, reply, 'instances', { studyInstanceUid: (req.params as { study: string }).study }),
  );
  app.get(
    '/studies/:study/series/:series/instances',
    { config: { action: 'dicomweb.read' }, schema: schema(Type.Object({ study: UidParam, series: UidParam })) },
    (req, reply) => {
      const { study, series } = req.params as { study: string; series: string };
      return search(req, reply, 'instances', { studyInstanceUid: study, seriesInstanceUid: series });
    },
  );
};

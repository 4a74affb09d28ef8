import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import { ProblemSchema, replyProblem } from '../app/problem';
import { parseAccept } from '@triage/dicomweb';
import { SeriesParams } from '../wado/path-params';
import { replyUnreadable, type ReadContext } from '../wado/read-context';
import { frameFailures } from '../wado/unreadable-instances';
import { instancesFromMiddle, renderInstancePng } from './render-series';

type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** The side of the square a worklist thumbnail fits in. */
export const THUMBNAIL_SIZE = 128;
const MAX_VIEWPORT = 2048;

/**
 * Rendered series (PS3.18 10.4.1.1.3 and the thumbnail resource): the middle instance's first
 * frame as a windowed PNG, cached per image set version and size.
 */
export function registerRenderRoutes(app: App, read: ReadContext): void {
  const cache = new Map<string, Buffer>();
  const render = async (request: FastifyRequest, reply: FastifyReply, study: string, series: string, width: number, height: number) => {
    if (!acceptsPng(request.headers.accept))
      return replyProblem(reply, 406, `cannot answer Accept: ${request.headers.accept}; offered: image/png`);
    const instances = await read.resolve(reply, study, series);
    if (!instances) return reply;
    const candidates = instancesFromMiddle(instances.map((r) => ({ ...r.view, resolved: r })));
    if (candidates.length === 0) return replyProblem(reply, 404, `series ${series} has no instance with pixel data`);
    let png: Buffer | undefined;
    const { failed, onFailure } = frameFailures(reply, read.ctx);
    for (const candidate of candidates) {
      const { doc } = candidate.resolved;
      const key = `${doc.imageSetId}@${doc.versionId}/${series}/${width}x${height}`;
      png = cache.get(key);
      if (png) break;
      try {
        png = await renderInstancePng(doc.imageSetId, candidate, width, height, read.frames, read.ctx.metrics);
      } catch (error) {
        // The series is shown by the next instance out from the middle; the one that failed is named.
        onFailure(candidate, error);
        continue;
      }
      cache.set(key, png);
      while (cache.size > 512) cache.delete(cache.keys().next().value as string);
      break;
    }
    if (!png) return replyUnreadable(reply, `series ${series}`, failed);
    read.ctx.metrics.bytesServed.inc({ kind: 'rendered' }, png.length);
    return reply.type('image/png').header('cache-control', 'private, max-age=60').send(png);
  };

  app.get(
    '/studies/:study/series/:series/thumbnail',
    {
      config: { action: 'dicomweb.read' },
      schema: {
        params: SeriesParams,
        response: { 200: Type.Unknown({ description: 'image/png' }), 404: ProblemSchema, 406: ProblemSchema },
        description: `image/png, at most ${THUMBNAIL_SIZE}×${THUMBNAIL_SIZE}: the middle instance's first frame, windowed.`,
        tags: ['WADO-RS'],
      },
    },
    (req, reply) => render(req, reply, req.params.study, req.params.series, THUMBNAIL_SIZE, THUMBNAIL_SIZE),
  );
  app.get(
    '/studies/:study/series/:series/rendered',
    {
      config: { action: 'dicomweb.read' },
      schema: {
        params: SeriesParams,
        querystring: Type.Object({
          viewport: Type.Optional(
            Type.String({
              pattern: '^[1-9][0-9]{0,3},[1-9][0-9]{0,3}$',
              description: `vw,vh: the PNG fits in it (each at most ${MAX_VIEWPORT})`,
            }),
          ),
        }),
        response: { 200: Type.Unknown({ description: 'image/png' }), 400: ProblemSchema, 404: ProblemSchema, 406: ProblemSchema },
        description: "image/png: the middle instance's first frame, windowed, fitted to the viewport (default 512,512).",
        tags: ['WADO-RS'],
      },
    },
    (req, reply) => {
      const [width, height] = (req.query.viewport ?? '512,512').split(',').map(Number);
      if (width > MAX_VIEWPORT || height > MAX_VIEWPORT)
        return replyProblem(reply, 400, `viewport ${req.query.viewport} is larger than ${MAX_VIEWPORT},${MAX_VIEWPORT}`);
      return render(req, reply, req.params.study, req.params.series, width, height);
    },
  );
}

function acceptsPng(accept: string | undefined): boolean {
  return parseAccept(accept).some((r) => r.q > 0 && (r.type === '*' || (r.type === 'image' && (r.subtype === 'png' || r.subtype === '*'))));
}

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { Catalog } from '@triage/catalog';
import { CatalogError } from '@triage/catalog';
import type { DatastoreId } from '@triage/dicom';
import { PassThrough } from 'node:stream';
import { ProblemSchema } from '../app/problem';
import type { CatalogChangeSource } from './worklist-changes';
import { HealthImagingIdParam } from '../app/path-params';
import { WorklistItemSchema, WorklistPageSchema, WorklistSearchBody } from './worklist-schemas';

/** What the worklist routes need: the catalog, the datastore the API serves, and the catalog's change announcements. */
export interface WorklistRoutesOptions {
  catalog: Catalog;
  datastoreId: DatastoreId;
  changes: CatalogChangeSource;
  /** How often an idle event stream gets a comment line (proxies close silent connections); default 15 s. */
  keepAliveMs?: number;
}

const TAGS = ['worklist'];
const KEEP_ALIVE_MS = 15_000;

/**
 * POST /api/worklist/search (`worklist.read`): a page of the worklist; a POST because the filters
 * hold patient names, which never go into URLs. GET /api/worklist/events (`worklist.read`): server-
 * sent events, `event: worklist` with the image set id and what changed, after the catalog changed;
 * ids only, never PHI. Streams end when the client goes or the server closes.
 */
export const worklistRoutes: FastifyPluginAsyncTypebox<WorklistRoutesOptions> = async (app, options) => {
  const { catalog, datastoreId, changes } = options;
  const keepAliveMs = options.keepAliveMs ?? KEEP_ALIVE_MS;

  app.post(
    '/api/worklist/search',
    {
      config: { action: 'worklist.read' },
      schema: {
        body: WorklistSearchBody,
        response: { 200: WorklistPageSchema, 400: ProblemSchema },
        description: 'A page of the worklist, filtered (every filter optional, combined with AND) and sorted (default: priority).',
        tags: TAGS,
      },
    },
    async (request) => {
      const page = await catalog.worklist({ ...request.body, datastoreId });
      request.auditResults = page.items.length;
      return page;
    },
  );

  app.get(
    '/api/image-sets/:imageSetId',
    {
      config: { action: 'worklist.read' },
      schema: {
        params: Type.Object({ imageSetId: HealthImagingIdParam }),
        response: { 200: WorklistItemSchema, 404: ProblemSchema },
        description:
          'One worklist item: what the viewer needs to open a study from a link or a reload (its route carries the image set id only).',
        tags: TAGS,
      },
    },
    async (request) => {
      const item = await catalog.getWorklistItem(datastoreId, request.params.imageSetId);
      if (!item) throw new CatalogError('ResourceNotFoundException', `image set ${request.params.imageSetId} is not in the worklist`);
      request.auditResults = 1;
      return item;
    },
  );

  const streams = new Set<() => void>();
  // preClose, not onClose: the server waits for open streams before onClose would run.
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
  });

  app.get(
    '/api/worklist/events',
    {
      config: { action: 'worklist.read' },
      schema: {
        // No response schema: the answer is a stream (text/event-stream), never serialised.
        description:
          'Live worklist updates (text/event-stream): `event: worklist` with `data: {"imageSetId", "change"}` after the catalog changed; ids only.',
        tags: TAGS,
      },
    },
    async (request, reply) => {
      const stream = new PassThrough();
      // How long a browser waits before reconnecting after the stream drops.
      stream.write('retry: 2000\n\n');
      const stop = changes.subscribe(({ datastoreId: changed, imageSetId, change }) => {
        if (changed === datastoreId) stream.write(`event: worklist\ndata: ${JSON.stringify({ imageSetId, change })}\n\n`);
      });
      const keepAlive = setInterval(() => stream.write(': keep-alive\n\n'), keepAliveMs);
      keepAlive.unref();
      const end = () => {
        if (!streams.delete(end)) return;
        clearInterval(keepAlive);
        stop();
        stream.end();
      };
      streams.add(end);
      // The response's close, not the request's: a GET's request closes as soon as its (empty) body is read.
      reply.raw.once('close', end);
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-accel-buffering', 'no')
        .send(stream);
    },
  );
};

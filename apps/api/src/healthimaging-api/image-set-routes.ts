import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { CopyImageSetInformation } from '@aws-sdk/client-medical-imaging';
import type { ApiContext } from '../app/api-context';
import { CopyParams, DatastoreParams, ImageSetParams, JsonObject, PageQuery, VersionQuery } from './route-schemas';
import { metadataUpdatesFromWire, searchCriteriaFromWire, toWire } from './wire-format';

const read = { sigv4: true, action: 'healthimaging.read' as const };
const write = { sigv4: true, action: 'healthimaging.write' as const };
const tags = ['HealthImaging'];
const HTJ2K = '1.2.840.10008.1.2.4.202';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const BooleanQuery = Type.Optional(Type.Boolean());

/** HealthImaging's image set operations (the SDK's `runtime-` host): search, reads, frames, versions, updates, copy, delete. */
export const imageSetRoutes: FastifyPluginAsyncTypebox<Pick<ApiContext, 'store' | 'metrics'>> = async (app, { store, metrics }) => {
  const op = (name: string) => `/datastore/:datastoreId/imageSet/:imageSetId/${name}`;

  app.post(
    '/datastore/:datastoreId/searchImageSets',
    { config: read, schema: { tags, summary: 'SearchImageSets', params: DatastoreParams, querystring: PageQuery, body: JsonObject } },
    async (request, reply) => {
      const out = await store.searchImageSets({
        datastoreId: request.params.datastoreId,
        searchCriteria: searchCriteriaFromWire(request.body),
        ...request.query,
      });
      return reply.type('application/json').send(toWire(out));
    },
  );

  app.post(
    op('getImageSet'),
    { config: read, schema: { tags, summary: 'GetImageSet', params: ImageSetParams, querystring: VersionQuery } },
    async (request, reply) =>
      reply.type('application/json').send(toWire(await store.getImageSet({ ...request.params, versionId: request.query.version }))),
  );

  app.post(
    op('getImageSetMetadata'),
    { config: read, schema: { tags, summary: 'GetImageSetMetadata (gzipped JSON)', params: ImageSetParams, querystring: VersionQuery } },
    async (request, reply) => {
      const out = await store.getImageSetMetadata({ ...request.params, versionId: request.query.version });
      reply.type(out.contentType ?? 'application/json');
      if (out.contentEncoding) reply.header('content-encoding', out.contentEncoding);
      return reply.send(out.imageSetMetadataBlob);
    },
  );

  app.post(
    op('getImageFrame'),
    {
      config: read,
      schema: {
        tags,
        summary: 'GetImageFrame (image/jph, or application/octet-stream for native frames)',
        params: ImageSetParams,
        body: Type.Object({ imageFrameId: Type.String({ maxLength: 256 }) }),
      },
    },
    async (request, reply) => {
      const out = await store.getImageFrame({ ...request.params, imageFrameInformation: { imageFrameId: request.body.imageFrameId } });
      const contentType = out.contentType ?? 'image/jph';
      metrics.framesServed.inc({ transfer_syntax: contentType === 'image/jph' ? HTJ2K : EXPLICIT_VR_LITTLE_ENDIAN });
      return reply.type(contentType).send(out.imageFrameBlob);
    },
  );

  app.post(
    op('listImageSetVersions'),
    { config: read, schema: { tags, summary: 'ListImageSetVersions', params: ImageSetParams, querystring: PageQuery } },
    async (request, reply) =>
      reply.type('application/json').send(toWire(await store.listImageSetVersions({ ...request.params, ...request.query }))),
  );

  app.post(
    op('updateImageSetMetadata'),
    {
      config: write,
      schema: {
        tags,
        summary: 'UpdateImageSetMetadata (DICOM updates or a revert)',
        params: ImageSetParams,
        querystring: Type.Object({ latestVersion: Type.String({ maxLength: 16 }), force: BooleanQuery }),
        body: JsonObject,
      },
    },
    async (request, reply) => {
      const out = await store.updateImageSetMetadata({
        ...request.params,
        latestVersionId: request.query.latestVersion,
        force: request.query.force,
        updateImageSetMetadataUpdates: metadataUpdatesFromWire(request.body),
      });
      return reply.type('application/json').send(toWire(out));
    },
  );

  app.post(
    '/datastore/:datastoreId/imageSet/:sourceImageSetId/copyImageSet',
    {
      config: write,
      schema: {
        tags,
        summary: 'CopyImageSet',
        params: CopyParams,
        querystring: Type.Object({ force: BooleanQuery, promoteToPrimary: BooleanQuery }),
        body: JsonObject,
      },
    },
    async (request, reply) => {
      const out = await store.copyImageSet({
        ...request.params,
        ...request.query,
        copyImageSetInformation: request.body as CopyImageSetInformation,
      });
      return reply.type('application/json').send(toWire(out));
    },
  );

  app.post(
    op('deleteImageSet'),
    { config: write, schema: { tags, summary: 'DeleteImageSet', params: ImageSetParams } },
    async (request, reply) => reply.type('application/json').send(toWire(await store.deleteImageSet(request.params))),
  );
};

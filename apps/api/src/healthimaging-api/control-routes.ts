import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CreateDatastoreCommandInput, StartDICOMImportJobCommandInput } from '@aws-sdk/client-medical-imaging';
import type { ImageStore } from '../app/api-context';
import { DatastoreListQuery, DatastoreParams, JobListQuery, JobParams, JsonObject } from './route-schemas';
import { toWire } from './wire-format';

const read = { sigv4: true, action: 'healthimaging.read' as const };
const write = { sigv4: true, action: 'healthimaging.write' as const };
const tags = ['HealthImaging'];

/** HealthImaging's control plane: CreateDatastore, GetDatastore, ListDatastores and the DICOM import jobs. */
export const controlRoutes: FastifyPluginAsyncTypebox<{ store: ImageStore }> = async (app, { store }) => {
  app.post('/datastore', { config: write, schema: { tags, summary: 'CreateDatastore', body: JsonObject } }, async (request, reply) =>
    reply.type('application/json').send(toWire(await store.createDatastore(request.body as CreateDatastoreCommandInput))),
  );

  app.get(
    '/datastore/:datastoreId',
    { config: read, schema: { tags, summary: 'GetDatastore', params: DatastoreParams } },
    async (request, reply) =>
      reply.type('application/json').send(toWire(await store.getDatastore({ datastoreId: request.params.datastoreId }))),
  );

  app.get(
    '/datastore',
    { config: read, schema: { tags, summary: 'ListDatastores', querystring: DatastoreListQuery } },
    async (request, reply) => {
      const { datastoreStatus, nextToken, maxResults } = request.query;
      const out = await store.listDatastores({ datastoreStatus: datastoreStatus as never, nextToken, maxResults });
      return reply.type('application/json').send(toWire(out));
    },
  );

  app.post(
    '/startDICOMImportJob/datastore/:datastoreId',
    { config: write, schema: { tags, summary: 'StartDICOMImportJob', params: DatastoreParams, body: JsonObject } },
    async (request, reply) => {
      const input = { ...(request.body as Omit<StartDICOMImportJobCommandInput, 'datastoreId'>), datastoreId: request.params.datastoreId };
      return reply.type('application/json').send(toWire(await store.startDICOMImportJob(input)));
    },
  );

  app.get(
    '/getDICOMImportJob/datastore/:datastoreId/job/:jobId',
    { config: read, schema: { tags, summary: 'GetDICOMImportJob', params: JobParams } },
    async (request, reply) => reply.type('application/json').send(toWire(await store.getDICOMImportJob(request.params))),
  );

  app.get(
    '/listDICOMImportJobs/datastore/:datastoreId',
    { config: read, schema: { tags, summary: 'ListDICOMImportJobs', params: DatastoreParams, querystring: JobListQuery } },
    async (request, reply) => {
      const { jobStatus, nextToken, maxResults } = request.query;
      const out = await store.listDICOMImportJobs({
        datastoreId: request.params.datastoreId,
        jobStatus: jobStatus as never,
        nextToken,
        maxResults,
      });
      return reply.type('application/json').send(toWire(out));
    },
  );
};

import { Type } from '@fastify/type-provider-typebox';
import { HealthImagingIdParam } from '../app/path-params';

/** Path parameters: every id is 32 lower-case hex before it reaches the store. */
export const DatastoreParams = Type.Object({ datastoreId: HealthImagingIdParam });
export const ImageSetParams = Type.Object({ datastoreId: HealthImagingIdParam, imageSetId: HealthImagingIdParam });
export const CopyParams = Type.Object({ datastoreId: HealthImagingIdParam, sourceImageSetId: HealthImagingIdParam });
export const JobParams = Type.Object({ datastoreId: HealthImagingIdParam, jobId: HealthImagingIdParam });

/** Paging query parameters, as the SDK sends them. */
const paging = {
  nextToken: Type.Optional(Type.String({ maxLength: 8192 })),
  maxResults: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
};
export const PageQuery = Type.Object(paging);
/** ListDatastores' query. */
export const DatastoreListQuery = Type.Object({ ...paging, datastoreStatus: Type.Optional(Type.String({ maxLength: 32 })) });
/** ListDICOMImportJobs' query. */
export const JobListQuery = Type.Object({ ...paging, jobStatus: Type.Optional(Type.String({ maxLength: 32 })) });
export const VersionQuery = Type.Object({ version: Type.Optional(Type.String({ maxLength: 16 })) });

/** Any JSON object body (the port checks members; restJson1 clients may send members this API ignores). */
export const JsonObject = Type.Object({}, { additionalProperties: true });

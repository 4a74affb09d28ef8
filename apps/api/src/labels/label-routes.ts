import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Catalog, LabelKey, LabelVersion, VerificationState } from '@triage/catalog';
import { CatalogError } from '@triage/catalog';
import type { DatastoreId } from '@triage/dicom';
import type { Principal } from '@triage/platform';
import { ProblemSchema } from '../app/problem';
import { LabelVersionSchema } from '../worklist/worklist-schemas';
import { LabelAnswer, LabelChange, LabelParams, LabelQuery } from './label-schemas';

/** What the label routes need: the catalog and the datastore the API serves. */
export interface LabelRoutesOptions {
  catalog: Catalog;
  datastoreId: DatastoreId;
}

const TAGS = ['labels'];
const ERRORS = { 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };

/**
 * GET /api/image-sets/{imageSetId}/label (`labels.read`): the findings, the current label, its
 * history, the model's prediction and the verification state. PUT (`labels.write`, audited; CSRF
 * by cookie): a new label version from the signed-in clinician, with the version they saw (409 when
 * someone labelled it since); the catalog writes LabelChanged and ImageVerified in the same
 * transaction. An image set the worklist does not hold is 404; CatalogErrors are mapped by the
 * errors plugin.
 */
export const labelRoutes: FastifyPluginAsyncTypebox<LabelRoutesOptions> = async (app, { catalog, datastoreId }) => {
  const keyOf = (imageSetId: string, sopInstanceUid?: string): LabelKey => ({
    datastoreId,
    imageSetId,
    ...(sopInstanceUid !== undefined && { sopInstanceUid }),
  });
  const itemOf = async (imageSetId: string) => {
    const item = await catalog.getWorklistItem(datastoreId, imageSetId);
    if (!item) throw new CatalogError('ResourceNotFoundException', `image set ${imageSetId} is not in the worklist`);
    return item;
  };

  app.get(
    '/api/image-sets/:imageSetId/label',
    {
      config: { action: 'labels.read' },
      schema: {
        params: LabelParams,
        querystring: LabelQuery,
        response: { 200: LabelAnswer, ...ERRORS },
        description: "An image set's (or instance's) label: the current version, the history newest first, the model's prediction.",
        tags: TAGS,
      },
    },
    async (request) => {
      const { imageSetId } = request.params;
      const item = await itemOf(imageSetId);
      const key = keyOf(imageSetId, request.query.sopInstanceUid);
      const [history, prediction] = await Promise.all([catalog.labelHistory(key), catalog.getPrediction(key)]);
      const current = history[0];
      return {
        findings: [...catalog.findings],
        ...(current && { current }),
        history,
        ...(prediction && { prediction }),
        verification: key.sopInstanceUid === undefined ? item.verification : verificationOfLabel(current),
      };
    },
  );

  app.put(
    '/api/image-sets/:imageSetId/label',
    {
      config: { action: 'labels.write' },
      schema: {
        params: LabelParams,
        body: LabelChange,
        response: { 200: LabelVersionSchema, ...ERRORS },
        description: 'Confirms or corrects the finding: a new label version (never an overwrite) from the signed-in clinician.',
        tags: TAGS,
      },
    },
    async (request) => {
      const { imageSetId } = request.params;
      const { finding, note, expectedVersion, sopInstanceUid } = request.body;
      const item = await itemOf(imageSetId);
      const { name, role } = request.principal as Principal;
      return catalog.setLabel({
        key: keyOf(imageSetId, sopInstanceUid),
        studyInstanceUid: item.studyInstanceUid,
        finding,
        origin: { kind: 'clinician', principal: name, role },
        ...(note !== undefined && { note }),
        expectedVersion,
      });
    },
  );
};

/** An instance's own verification state, from its current label (the worklist keeps the image set's). */
function verificationOfLabel(current: LabelVersion | undefined): VerificationState {
  return current?.verified ? (current.verification ?? 'confirmed') : 'unverified';
}

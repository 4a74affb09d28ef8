import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { Principal } from '@triage/platform';
import { RegistryError, type Actor, type ModelApprovalStatus, type ModelPackage, type ModelRegistry } from '@triage/registry';
import type { FastifyRequest } from 'fastify';
import { ProblemSchema } from '../app/problem';
import {
  GroupParams,
  GroupSummarySchema,
  HistoryEntrySchema,
  ModelPackageSchema,
  ReasonBody,
  ServingPeriodSchema,
  VersionParams,
  VersionsQuery,
} from './model-schemas';
import { mapRegistryErrors } from './registry-errors';
import { evaluationRoute, type EvaluationRouteOptions } from './evaluation-route';

/** What the model routes need: the registry. */
export interface ModelRoutesOptions {
  registry: ModelRegistry;
  /** The object store the versions' `s3://` URIs name: with it, a version's evaluation.json is served. */
  objects?: EvaluationRouteOptions['objects'];
}

const TAGS = ['models'];
const ERRORS = { 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
const PREFIX = '/api/models/groups';

/** The signed-in principal as the registry records them, with the reason they gave. */
function actorOf(request: FastifyRequest, reason: string): Actor {
  const { name, role } = request.principal as Principal;
  return { principal: name, role, reason };
}

/**
 * The model registry (issue 11): groups, versions with metrics and lineage, the history of every
 * change and which version served when (`models.read`); approve and reject with a reason
 * (`models.approve`, audited); promote and roll back (`models.promote`, admins, audited). The actor
 * is the authenticated principal. A version is addressed as /api/models/groups/{group}/versions/{n}
 * (the ARN holds slashes and colons; group and version say the same, URL-safe). Refusals of the
 * registry are 400, 404 and 409 problem+json named as SageMaker names them.
 */
export const modelRoutes: FastifyPluginAsyncTypebox<ModelRoutesOptions> = async (app, { registry, objects }) => {
  mapRegistryErrors(app);
  if (objects) await app.register(evaluationRoute, { registry, objects });

  const versionOf = async (group: string, version: number): Promise<ModelPackage> => {
    const found = (await registry.listModelPackages(group)).find((p) => p.version === version);
    if (!found) throw new RegistryError('ResourceNotFound', `model package ${group}/${version} does not exist`);
    return found;
  };

  app.get(
    PREFIX,
    {
      config: { action: 'models.read' },
      schema: {
        response: { 200: Type.Object({ groups: Type.Array(GroupSummarySchema) }) },
        description: 'Model package groups by name, with how many versions each has, the latest and the promoted one.',
        tags: TAGS,
      },
    },
    async () => {
      const groups = await registry.listModelPackageGroups();
      return {
        groups: await Promise.all(
          groups.map(async (group) => {
            const versions = await registry.listModelPackages(group.name);
            const promoted = versions.find((p) => p.promoted);
            return {
              ...group,
              versions: versions.length,
              ...(versions[0] && { latestVersion: versions[0].version }),
              ...(promoted && { promotedVersion: promoted.version }),
            };
          }),
        ),
      };
    },
  );

  app.get(
    `${PREFIX}/:group/versions`,
    {
      config: { action: 'models.read' },
      schema: {
        params: GroupParams,
        querystring: VersionsQuery,
        response: { 200: Type.Object({ versions: Type.Array(ModelPackageSchema) }), ...ERRORS },
        description: "A group's versions, newest first, of one approval status when asked.",
        tags: TAGS,
      },
    },
    async (request) => ({ versions: await registry.listModelPackages(request.params.group, request.query) }),
  );

  app.get(
    `${PREFIX}/:group/versions/:version`,
    {
      config: { action: 'models.read' },
      schema: {
        params: VersionParams,
        response: { 200: ModelPackageSchema, ...ERRORS },
        description: 'One version: approval, metrics, lineage, whether it serves.',
        tags: TAGS,
      },
    },
    async (request) => versionOf(request.params.group, request.params.version),
  );

  const approval = (verb: 'approve' | 'reject', status: ModelApprovalStatus) =>
    app.post(
      `${PREFIX}/:group/versions/:version/${verb}`,
      {
        config: { action: 'models.approve' },
        schema: {
          params: VersionParams,
          body: ReasonBody,
          response: { 200: ModelPackageSchema, ...ERRORS },
          description: `Sets the version ${status}, with the reason (UpdateModelPackage).${verb === 'reject' ? ' The promoted version cannot be rejected (409): roll back first.' : ''}`,
          tags: TAGS,
        },
      },
      async (request) => {
        const pkg = await versionOf(request.params.group, request.params.version);
        return registry.updateApprovalStatus(pkg.arn, status, actorOf(request, request.body.reason));
      },
    );
  approval('approve', 'Approved');
  approval('reject', 'Rejected');

  app.post(
    `${PREFIX}/:group/versions/:version/promote`,
    {
      config: { action: 'models.promote' },
      schema: {
        params: VersionParams,
        body: ReasonBody,
        response: { 200: ModelPackageSchema, ...ERRORS },
        description: 'Makes an Approved version the one scoring new studies (409 when it is not Approved); the previous one stops serving.',
        tags: TAGS,
      },
    },
    async (request) => {
      const pkg = await versionOf(request.params.group, request.params.version);
      return registry.promote(pkg.arn, actorOf(request, request.body.reason));
    },
  );

  app.post(
    `${PREFIX}/:group/rollback`,
    {
      config: { action: 'models.promote' },
      schema: {
        params: GroupParams,
        body: ReasonBody,
        response: { 200: ModelPackageSchema, ...ERRORS },
        description: 'Promotes again the version that served before the current one (409 when there is none); answers it.',
        tags: TAGS,
      },
    },
    async (request) => registry.rollback(request.params.group, actorOf(request, request.body.reason)),
  );

  app.get(
    `${PREFIX}/:group/history`,
    {
      config: { action: 'models.read' },
      schema: {
        params: GroupParams,
        response: { 200: Type.Object({ history: Type.Array(HistoryEntrySchema) }), ...ERRORS },
        description: 'Every registration, approval change, promotion and rollback of the group, oldest first: who, when, why.',
        tags: TAGS,
      },
    },
    async (request) => ({ history: await registry.history(request.params.group) }),
  );

  app.get(
    `${PREFIX}/:group/serving`,
    {
      config: { action: 'models.read' },
      schema: {
        params: GroupParams,
        response: { 200: Type.Object({ serving: Type.Array(ServingPeriodSchema) }), ...ERRORS },
        description: 'Which version scored new studies when, oldest first; the last period is open while it serves.',
        tags: TAGS,
      },
    },
    async (request) => ({ serving: await registry.servingHistory(request.params.group) }),
  );
};

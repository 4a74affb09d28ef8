import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { Catalog } from '@triage/catalog';
import {
  DriftStatusSchema,
  ShadowComparisonSchema,
  type AsyncModelMonitor,
  type ImageSetKey,
  type ShadowComparison,
} from '@triage/monitoring';
import type { ModelPackage, ModelRegistry } from '@triage/registry';
import { ProblemSchema } from '../app/problem';
import { GroupParams } from '../models/model-schemas';
import { mapRegistryErrors } from '../models/registry-errors';

/** What the monitoring routes need: the monitor's records, the registry (which version serves, which are candidates), the catalog (clinicians' labels). */
export interface MonitoringRoutesOptions {
  monitor: AsyncModelMonitor;
  registry: ModelRegistry;
  catalog: Catalog;
  /** The decision threshold on the positive score (the mlops config's scoring.decisionThreshold). */
  threshold: number;
}

/** Drift checks shown, newest first. */
export const DRIFT_HISTORY_LIMIT = 50;

/**
 * Watching a group's models in use (`models.read`, audited when refused): the drift checks of its
 * serving versions, newest first, and each shadow candidate (PendingManualApproval, or Approved but
 * not promoted, that scored beside the promoted version) against the promoted version: agreement at
 * the threshold, and accuracy of both on the image sets a clinician has verified. A group the
 * registry does not know is 404 problem+json.
 */
export const monitoringRoutes: FastifyPluginAsyncTypebox<MonitoringRoutesOptions> = async (
  app,
  { monitor, registry, catalog, threshold },
) => {
  mapRegistryErrors(app);

  /** The image set's current label as shadow accuracy counts it: only a verified one; positive when not the first (non-urgent) finding. */
  const verdictOf = async (key: ImageSetKey): Promise<'positive' | 'negative' | undefined> => {
    const label = await catalog.getLabel({ datastoreId: key.datastoreId, imageSetId: key.imageSetId });
    if (!label?.verified) return undefined;
    return label.finding === catalog.findings[0] ? 'negative' : 'positive';
  };

  const compare = async (group: string, promoted: ModelPackage, candidate: ModelPackage): Promise<ShadowComparison> => {
    // The monitor's verdict callback is synchronous and the catalog answers asynchronously: the labels are read first.
    const verdicts = new Map<string, 'positive' | 'negative'>();
    for (const key of await monitor.pairedImageSets(group, promoted.arn, candidate.arn)) {
      const verdict = await verdictOf(key);
      if (verdict) verdicts.set(`${key.datastoreId}/${key.imageSetId}`, verdict);
    }
    return monitor.shadowComparison(
      group,
      promoted.arn,
      candidate.arn,
      (key) => verdicts.get(`${key.datastoreId}/${key.imageSetId}`),
      threshold,
    );
  };

  app.get(
    '/api/models/groups/:group/monitoring',
    {
      config: { action: 'models.read' },
      schema: {
        params: GroupParams,
        response: {
          200: Type.Object({ drift: Type.Array(DriftStatusSchema), shadow: Type.Array(ShadowComparisonSchema) }),
          400: ProblemSchema,
          404: ProblemSchema,
        },
        description: `Drift checks of the group's serving versions (newest first, at most ${DRIFT_HISTORY_LIMIT}) and each shadow candidate compared with the promoted version.`,
        tags: ['models'],
      },
    },
    async (request) => {
      const { group } = request.params;
      const versions = await registry.listModelPackages(group);
      const drift = await monitor.driftHistory(group, DRIFT_HISTORY_LIMIT);
      const promoted = versions.find((p) => p.promoted);
      if (!promoted) return { drift, shadow: [] };
      const shadowScored = new Set((await monitor.scoreCounts(group)).flatMap((c) => (c.role === 'shadow' ? [c.modelPackageArn] : [])));
      const candidates = versions.filter(
        (p) => !p.promoted && (p.approvalStatus === 'PendingManualApproval' || p.approvalStatus === 'Approved') && shadowScored.has(p.arn),
      );
      const shadow: ShadowComparison[] = [];
      for (const candidate of candidates) shadow.push(await compare(group, promoted, candidate));
      return { drift, shadow };
    },
  );
};

import type { EventBus, MODEL_PACKAGE_STATE_CHANGE, TriageEvent } from '@triage/events';
import type { ModelRegistry } from '@triage/registry';
import type { MlopsConfig } from '../../config/mlops-config';
import type { HandlerTools } from '../handler-tools';
import type { ProcessedEvents } from '../processed-events';

/** The subscriber name, also the key of its processed events. */
export const MODEL_REGISTRY_HANDLER = 'model-registry';
/** The principal the handler promotes as (the registry's ModelPromoted says `by: 'policy'` for it). */
export const PROMOTION_PRINCIPAL = 'policy:model-registry';

/** What the model-registry handler is built from. */
export interface ModelRegistryHandlerDeps {
  config: MlopsConfig;
  registry: ModelRegistry;
  events: EventBus;
  processed: ProcessedEvents;
}

/**
 * The model-registry handler core: when a version of the group becomes Approved, publishes ModelApproved (by the pipeline's
 * condition when the change was the pipeline's, else by a person) and, with the `auto` policy, promotes it when it is newer
 * than the version serving. A redelivered event does nothing.
 */
export function modelRegistryHandler(deps: ModelRegistryHandlerDeps) {
  const { config, registry } = deps;
  return async (event: TriageEvent<typeof MODEL_PACKAGE_STATE_CHANGE>, tools: HandlerTools): Promise<void> => {
    const detail = event.detail;
    if (detail.ModelApprovalStatus !== 'Approved' || detail.ModelPackageGroupName !== config.modelPackageGroup) return;
    if (await deps.processed.has(MODEL_REGISTRY_HANDLER, event.id)) {
      tools.metrics.count('RedeliveredApprovals');
      return;
    }
    const pkg = await tools.trace('describeModelPackage', () => registry.describeModelPackage(detail.ModelPackageArn));
    const principal = detail.LastModifiedBy?.UserProfileName ?? pkg.approvedBy?.principal ?? 'unknown';
    await deps.events.publish([
      {
        source: 'triage.models',
        'detail-type': 'ModelApproved',
        resources: [pkg.arn],
        detail: {
          groupName: pkg.groupName,
          modelPackageArn: pkg.arn,
          version: pkg.version,
          approvedBy: principal.startsWith('pipeline:') ? 'condition' : 'person',
          actor: { principal, ...(pkg.approvedBy?.role !== undefined && { role: pkg.approvedBy.role }) },
          ...(pkg.metrics.accuracy && { accuracy: pkg.metrics.accuracy.value }),
        },
      },
    ]);
    tools.metrics.count('ModelsApproved');
    if (config.promotion.policy === 'auto') {
      const serving = await registry.promoted(pkg.groupName);
      // Still Approved (the event may be old) and newer than what serves: an older approval never displaces a newer model.
      if (pkg.approvalStatus === 'Approved' && (!serving || pkg.version > serving.version)) {
        await tools.trace('promote', () =>
          registry.promote(pkg.arn, {
            principal: PROMOTION_PRINCIPAL,
            reason: `promotion policy auto: version ${pkg.version} approved${serving ? `, newer than version ${serving.version}` : ''}`,
          }),
        );
        tools.metrics.count('ModelsPromoted');
        tools.logger.info('model promoted by policy', { modelPackageArn: pkg.arn, version: pkg.version });
      } else {
        tools.logger.info('approved version not promoted', { modelPackageArn: pkg.arn, version: pkg.version, serving: serving?.version });
      }
    }
    await deps.processed.add(MODEL_REGISTRY_HANDLER, event.id);
  };
}

import type { Catalog, Finding } from '@triage/catalog';
import type { DatastoreId, ImageSetId } from '@triage/dicom';
import type { EventBus, TriageEvent } from '@triage/events';
import { RegistryError, type ModelPackage, type ModelRegistry } from '@triage/registry';
import type { MlopsConfig } from '../../config/mlops-config';
import type { ImageSource } from '../../ports/image-source';
import type { DriftReferenceReader, ModelMonitor } from '../../ports/model-monitor';
import type { ImageScore, ModelMaterialiser, Scorer } from '../../ports/scorer';
import type { HandlerTools } from '../handler-tools';

/** What the image-ingestion handler is built from. */
export interface ImageIngestionDeps {
  config: MlopsConfig;
  registry: ModelRegistry;
  catalog: Catalog;
  images: ImageSource;
  scorer: Scorer;
  materialise: ModelMaterialiser;
  monitor: ModelMonitor;
  driftReference: DriftReferenceReader;
  events: EventBus;
  /** The datastore whose worklist is rescored on a promotion. */
  datastoreId: DatastoreId;
  now?: () => Date;
}

/** The events the handler takes. */
export type ImageIngestionEvent = TriageEvent<'ImageSetCreated' | 'ModelPromoted'>;

/** The worklist's page size when rescoring (the catalog's largest). */
const PAGE = 500;

/**
 * The image-ingestion handler core. ImageSetCreated (primary image sets): scores the first image with the promoted version,
 * stores the prediction (the worklist sorts by its priority), records the score with the monitor and checks drift (publishing
 * ModelDriftDetected when the version just crossed into drift); each shadow candidate scores the same image for the monitor
 * only, never the catalog. ModelPromoted: rescores the open worklist (unverified items, newest first, up to
 * scoring.rescoreLimit) with the new serving version. No promoted version: nothing is scored.
 */
export function imageIngestion(deps: ImageIngestionDeps) {
  const { config, registry } = deps;
  const group = config.modelPackageGroup;
  const now = deps.now ?? (() => new Date());
  const dirs = new Map<string, Promise<string>>();

  function modelDir(pkg: ModelPackage): Promise<string> {
    let dir = dirs.get(pkg.arn);
    if (!dir) {
      dir = deps.materialise(pkg.modelDataUrl);
      dirs.set(pkg.arn, dir);
      dir.catch(() => dirs.delete(pkg.arn));
    }
    return dir;
  }

  async function score(pkg: ModelPackage, part10: Uint8Array, tools: HandlerTools): Promise<ImageScore> {
    const modelDirectory = await modelDir(pkg);
    return tools.trace(`score v${pkg.version}`, () =>
      deps.scorer.score({ modelPackageArn: pkg.arn, version: pkg.version, modelDir: modelDirectory }, part10),
    );
  }

  async function putPrediction(pkg: ModelPackage, datastoreId: string, imageSetId: string, result: ImageScore): Promise<void> {
    await deps.catalog.putPrediction({
      key: { datastoreId: datastoreId as DatastoreId, imageSetId: imageSetId as ImageSetId },
      modelVersion: pkg.arn,
      finding: result.finding as Finding,
      scores: result.scores,
      priority: result.positiveScore,
      predictedAt: now().toISOString(),
    });
  }

  async function onImageSet(event: TriageEvent<'ImageSetCreated'>, tools: HandlerTools): Promise<void> {
    const { datastoreId, imageSetId, primary } = event.detail;
    if (!primary) return;
    const serving = await servingVersion(registry, group);
    if (!serving) {
      tools.logger.info('no model yet: the image set is not scored', { imageSetId });
      tools.metrics.count('ImageSetsNotScored');
      return;
    }
    const part10 = await tools.trace('readImage', () => deps.images.firstImagePart10(datastoreId, imageSetId, config.scoring.modalities));
    if (!part10) {
      tools.logger.info('the image set holds no image of a modality the model reads', {
        imageSetId,
        modalities: config.scoring.modalities,
      });
      return;
    }
    const result = await score(serving, part10, tools);
    await putPrediction(serving, datastoreId, imageSetId, result);
    tools.metrics.count('ImageSetsScored');
    const scoredAt = now().toISOString();
    const record = { groupName: group, datastoreId, imageSetId, scoredAt };
    await deps.monitor.recordScore({
      ...record,
      modelPackageArn: serving.arn,
      version: serving.version,
      role: 'serving',
      score: result.positiveScore,
      features: result.features,
    });
    await checkDrift(serving, tools);
    if (!config.shadow.enabled) return;
    for (const candidate of await shadowCandidates(serving)) {
      try {
        const shadow = await score(candidate, part10, tools);
        await deps.monitor.recordScore({
          ...record,
          modelPackageArn: candidate.arn,
          version: candidate.version,
          role: 'shadow',
          score: shadow.positiveScore,
          features: shadow.features,
        });
        tools.metrics.count('ShadowScores');
      } catch (error) {
        // A shadow that cannot score is a finding about the shadow: the serving path already succeeded and stays so.
        tools.logger.warn('shadow candidate could not score', { modelPackageArn: candidate.arn, error: (error as Error).message });
      }
    }
  }

  /** PendingManualApproval, or Approved but not promoted, and newer than the serving version. */
  async function shadowCandidates(serving: ModelPackage): Promise<ModelPackage[]> {
    const versions = await registry.listModelPackages(group);
    return versions.filter(
      (v) =>
        v.version > serving.version &&
        !v.promoted &&
        v.status === 'Completed' &&
        (v.approvalStatus === 'PendingManualApproval' || v.approvalStatus === 'Approved'),
    );
  }

  async function checkDrift(serving: ModelPackage, tools: HandlerTools): Promise<void> {
    const uri = serving.metrics.evaluationUri;
    const reference = uri === undefined ? undefined : await deps.driftReference(uri);
    if (!reference) return;
    const checked = await deps.monitor.checkDrift(
      { groupName: group, modelPackageArn: serving.arn, version: serving.version },
      reference,
      config.drift,
    );
    if (!checked?.crossed) return;
    const { status } = checked;
    await deps.events.publish([
      {
        source: 'triage.models',
        'detail-type': 'ModelDriftDetected',
        resources: [serving.arn],
        detail: {
          groupName: group,
          modelPackageArn: serving.arn,
          version: serving.version,
          windowSize: status.windowSize,
          windowStart: status.windowStart,
          windowEnd: status.windowEnd,
          features: status.features.map((f) => ({ feature: f.feature, psi: f.psi, ks: f.ks, threshold: f.threshold, drifted: f.drifted })),
        },
      },
    ]);
    tools.metrics.count('DriftDetected');
    tools.logger.warn('model drift detected', { modelPackageArn: serving.arn, version: serving.version });
  }

  async function onPromoted(event: TriageEvent<'ModelPromoted'>, tools: HandlerTools): Promise<void> {
    if (event.detail.groupName !== group) return;
    const serving = await servingVersion(registry, group);
    // A later promotion (or rollback) already serves: its own ModelPromoted rescores.
    if (!serving || serving.arn !== event.detail.modelPackageArn) return;
    let rescored = 0;
    let offset = 0;
    while (rescored < config.scoring.rescoreLimit) {
      const page = await deps.catalog.worklist({
        datastoreId: deps.datastoreId,
        verification: 'unverified',
        sort: 'updatedAt',
        order: 'desc',
        limit: Math.min(PAGE, config.scoring.rescoreLimit - rescored),
        offset,
      });
      for (const item of page.items) {
        if (item.prediction?.modelVersion === serving.arn) continue;
        const part10 = await deps.images.firstImagePart10(item.datastoreId, item.imageSetId, config.scoring.modalities);
        if (!part10) continue;
        await putPrediction(serving, item.datastoreId, item.imageSetId, await score(serving, part10, tools));
      }
      rescored += page.items.length;
      offset += page.items.length;
      if (page.items.length === 0 || offset >= page.total) break;
    }
    tools.metrics.count('WorklistRescored', rescored);
    tools.logger.info('worklist rescored with the promoted version', { modelPackageArn: serving.arn, items: rescored });
  }

  return async (event: ImageIngestionEvent, tools: HandlerTools): Promise<void> => {
    if (event['detail-type'] === 'ImageSetCreated') await onImageSet(event, tools);
    else await onPromoted(event, tools);
  };
}

/** The promoted version; undefined when none is, or when the group does not exist yet (a fresh platform: no model yet). */
async function servingVersion(registry: ModelRegistry, group: string): Promise<ModelPackage | undefined> {
  try {
    return await registry.promoted(group);
  } catch (error) {
    if (error instanceof RegistryError && error.code === 'ResourceNotFound') return undefined;
    throw error;
  }
}

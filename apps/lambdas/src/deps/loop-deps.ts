import type { Backend } from '@triage/backend';
import {
  healthImagingImageSource,
  imageIngestion,
  modelEvaluation,
  modelRegistryHandler,
  objectStoreDriftReference,
  pipelineTrigger,
  type MlopsConfig,
  type ModelMaterialiser,
  type ModelMonitor,
  type Scorer,
} from '@triage/mlops';
import type { PipelineRunner } from '@triage/pipeline';
import type { Core } from '../runtime/lambda-handler';
import type { ScoringParts } from './scoring-parts';

/** Parts a spec (or a caller with its own) puts in place of what the backend would open. */
export interface LoopDepsOverrides {
  runner?: PipelineRunner;
  scorer?: Scorer;
  materialise?: ModelMaterialiser;
  monitor?: ModelMonitor;
  /** Opens the scoring parts the overrides above do not give (the image-ingestion entry point passes openScoring). */
  scoring?: (backend: Backend, config: MlopsConfig) => Promise<ScoringParts>;
}

/** The cores of the four functions, each opened on first use and kept for the container's life. */
export interface LoopDeps {
  config: MlopsConfig;
  backend: Backend;
  pipelineTrigger(): Promise<Core<'ImageVerified' | 'Scheduled Event'>>;
  modelEvaluation(): Promise<Core<'SageMaker Model Building Pipeline Execution Status Change'>>;
  modelRegistry(): Promise<Core<'SageMaker Model Package State Change'>>;
  imageIngestion(): Promise<Core<'ImageSetCreated' | 'ModelPromoted'>>;
  /** Closes what was opened (specs; a Lambda container is frozen, never closed). */
  close(): Promise<void>;
}

/**
 * The four handler cores over the backend's ports. Nothing here knows which backend runs: TRIAGE_BACKEND chose it in
 * process-deps.ts (the composition root), and the same cores run on the local implementations and on AWS.
 */
export function loopDeps(backend: Backend, config: MlopsConfig, overrides: LoopDepsOverrides = {}): LoopDeps {
  const once = <T>(open: () => Promise<T>): (() => Promise<T>) => {
    let opened: Promise<T> | undefined;
    return () => (opened ??= open());
  };
  const runner = once(async () => overrides.runner ?? (await backend.runner()));
  let scoringParts: ScoringParts | undefined;
  const scoring = once(async () => {
    if (!overrides.scoring) throw new Error('no scoring parts: the image-ingestion entry point passes openScoring');
    return (scoringParts = await overrides.scoring(backend, config));
  });

  return {
    config,
    backend,
    pipelineTrigger: once(async () => {
      const trigger = pipelineTrigger({
        config,
        runner: await runner(),
        definition: await backend.pipelineDefinition(config),
        state: (await backend.loopState()).trigger,
      });
      return (event, tools) => trigger.handle(event, tools);
    }),
    modelEvaluation: once(async () => {
      const state = await backend.loopState();
      return modelEvaluation({
        config,
        runner: await runner(),
        registry: await backend.registry(),
        store: state.evaluations,
        triggerState: state.trigger,
      });
    }),
    modelRegistry: once(async () =>
      modelRegistryHandler({
        config,
        registry: await backend.registry(),
        events: await backend.events(),
        processed: (await backend.loopState()).processed,
      }),
    ),
    imageIngestion: once(async () =>
      imageIngestion({
        config,
        registry: await backend.registry(),
        catalog: await backend.catalog(),
        images: healthImagingImageSource(await backend.healthImaging()),
        scorer: overrides.scorer ?? (await scoring()).scorer,
        materialise: overrides.materialise ?? (await scoring()).materialise,
        monitor: overrides.monitor ?? (await scoring()).monitor,
        driftReference: objectStoreDriftReference(backend.objects()),
        events: await backend.events(),
        datastoreId: await backend.datastoreId(),
      }),
    ),
    async close() {
      await scoringParts?.close();
      await backend.close();
    },
  };
}

import * as path from 'node:path';
import { LocalCatalog } from '@triage/catalog';
import type { DatastoreId } from '@triage/dicom';
import { LocalEventBus } from '@triage/events';
import { LocalHealthImaging } from '@triage/healthimaging';
import {
  healthImagingImageSource,
  imageIngestion,
  loadMlopsConfig,
  modelEvaluation,
  modelRegistryHandler,
  objectStoreDriftReference,
  pipelineTrigger,
  SqliteEvaluationStore,
  SqliteProcessedEvents,
  SqliteTriggerState,
  type MlopsConfig,
  type ModelMaterialiser,
  type ModelMonitor,
  type Scorer,
} from '@triage/mlops';
import { compilePipeline, LocalObjectStore, localS3Root, LocalPipelineRunner, triagePipeline, type PipelineRunner } from '@triage/pipeline';
import { LocalModelRegistry, registryFile } from '@triage/registry';
import type { Core } from '../runtime/lambda-handler';
import type { ScoringParts } from './local-scoring';

/** Parts a spec (or a caller with its own) puts in place of what the environment would open. */
export interface LocalDepsOverrides {
  runner?: PipelineRunner;
  scorer?: Scorer;
  materialise?: ModelMaterialiser;
  monitor?: ModelMonitor;
  /** Opens the scoring parts the overrides above do not give (the image-ingestion entry point passes localScoring). */
  scoring?: (dataDir: string, config: MlopsConfig, objectStore: LocalObjectStore) => ScoringParts;
}

/** The cores of the four functions, each opened on first use and kept for the container's life. */
export interface LoopDeps {
  config: MlopsConfig;
  dataDir: string;
  pipelineTrigger(): Promise<Core<'ImageVerified' | 'Scheduled Event'>>;
  modelEvaluation(): Promise<Core<'SageMaker Model Building Pipeline Execution Status Change'>>;
  modelRegistry(): Promise<Core<'SageMaker Model Package State Change'>>;
  imageIngestion(): Promise<Core<'ImageSetCreated' | 'ModelPromoted'>>;
  /** Closes what was opened (specs; a Lambda container is frozen, never closed). */
  close(): Promise<void>;
}

/**
 * The local implementations over TRIAGE_DATA_DIR, in the API's layout (events/, catalog/, healthimaging/, registry/,
 * pipelines/, s3/, monitoring/) plus the loop's own state in mlops/; the config from TRIAGE_MLOPS_CONFIG or
 * <data>/mlops.json. TRIAGE_DATASTORE_ID names the datastore rescored on a promotion (default: the one named `default`).
 * Issue 13 adds the AWS implementations beside these.
 */
export function localDeps(env: NodeJS.ProcessEnv = process.env, overrides: LocalDepsOverrides = {}): LoopDeps {
  const dataDir = env['TRIAGE_DATA_DIR'];
  if (!dataDir) throw new Error('TRIAGE_DATA_DIR is not set: the local loop functions read and write that data directory');
  const { config } = loadMlopsConfig({ env, dataDir });
  const closers: (() => Promise<void> | void)[] = [];
  const once = <T>(open: () => Promise<T>): (() => Promise<T>) => {
    let opened: Promise<T> | undefined;
    return () => (opened ??= open());
  };
  const mlops = (file: string) => path.join(dataDir, 'mlops', file);
  const track = <T extends { close(): Promise<void> | void }>(x: T): T => {
    closers.push(() => x.close());
    return x;
  };

  const bus = once(async () => track(await LocalEventBus.open({ file: path.join(dataDir, 'events', 'events.sqlite') })));
  const registry = once(async () => track(await LocalModelRegistry.open({ file: registryFile(dataDir) })));
  const runner = once(async () => overrides.runner ?? track(await LocalPipelineRunner.open({ dataDir, registry: await registry() })));
  const triggerState = once(async () => track(SqliteTriggerState.open({ file: mlops('trigger.sqlite') })));
  const processed = once(async () => track(SqliteProcessedEvents.open({ file: mlops('processed-events.sqlite') })));
  const evaluations = once(async () => track(SqliteEvaluationStore.open({ file: mlops('evaluations.sqlite') })));
  const catalog = once(async () => track(await LocalCatalog.open({ file: path.join(dataDir, 'catalog', 'catalog.sqlite') })));
  const store = once(async () => track(await LocalHealthImaging.open({ dataDir: path.join(dataDir, 'healthimaging') })));
  const objectStore = new LocalObjectStore(localS3Root(dataDir));
  const scoring = once(async () => {
    if (!overrides.scoring) throw new Error('no scoring parts: the image-ingestion entry point passes localScoring');
    return track(overrides.scoring(dataDir, config, objectStore));
  });

  return {
    config,
    dataDir,
    pipelineTrigger: once(async () => {
      const trigger = pipelineTrigger({
        config,
        runner: await runner(),
        definition: compilePipeline(triagePipeline({ pipelineName: config.pipelineName })),
        state: await triggerState(),
      });
      return (event, tools) => trigger.handle(event, tools);
    }),
    modelEvaluation: once(async () =>
      modelEvaluation({
        config,
        runner: await runner(),
        registry: await registry(),
        store: await evaluations(),
        triggerState: await triggerState(),
      }),
    ),
    modelRegistry: once(async () =>
      modelRegistryHandler({ config, registry: await registry(), events: await bus(), processed: await processed() }),
    ),
    imageIngestion: once(async () => {
      const hi = await store();
      const datastoreId = (env['TRIAGE_DATASTORE_ID'] ?? (await hi.ensureDatastore('default'))) as DatastoreId;
      return imageIngestion({
        config,
        registry: await registry(),
        catalog: await catalog(),
        images: healthImagingImageSource(hi),
        scorer: overrides.scorer ?? (await scoring()).scorer,
        materialise: overrides.materialise ?? (await scoring()).materialise,
        monitor: overrides.monitor ?? (await scoring()).monitor,
        driftReference: objectStoreDriftReference(objectStore),
        events: await bus(),
        datastoreId,
      });
    }),
    async close() {
      for (const close of closers.reverse()) await close();
    },
  };
}

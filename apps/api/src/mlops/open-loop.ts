import type { Catalog } from '@triage/catalog';
import type { DatastoreId } from '@triage/dicom';
import { MODEL_PACKAGE_STATE_CHANGE, PIPELINE_EXECUTION_STATUS_CHANGE, SCHEDULED_EVENT, type EventBus } from '@triage/events';
import type { HealthImaging } from '@triage/healthimaging';
import {
  healthImagingImageSource,
  imageIngestion,
  modelEvaluation,
  modelRegistryHandler,
  objectStoreDriftReference,
  pipelineTrigger,
  type EvaluationRecord,
  type HandlerTools,
  type MlopsConfig,
  type ModelMaterialiser,
  type ModelMonitor,
  type RunOverrides,
  type Scorer,
} from '@triage/mlops';
import type { PipelineExecution, PipelineRunner } from '@triage/pipeline';
import type { ObjectStore } from '@triage/artifacts';
import type { LoopState } from '@triage/backend';
import type { ModelRegistry } from '@triage/registry';
import type { Logger } from '@triage/platform';

/** The subscriber names on the bus (deliveries are tracked under them: never rename one). */
export const LOOP_SUBSCRIBERS = ['pipeline-trigger', 'model-evaluation', 'model-registry', 'image-ingestion'] as const;

/** Timers for the schedule tick (tests pass their own). */
export interface LoopTimers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** What {@link loopControls} needs: the trigger's state and the runner it starts runs on. */
export interface LoopControlsOptions {
  config: MlopsConfig;
  /** The loop's state (the backend's loopState). */
  state: LoopState;
  runner: PipelineRunner;
  /** The compiled definition runs start with (the backend's pipelineDefinition, as the API's route). */
  definition: string | object;
  /** The API's export of verified labels before each run (openPipelines' routes.prepareRun). */
  prepareRun?: () => Promise<Record<string, string | number | boolean> | void>;
  logger: Logger;
}

/** What {@link openLoop} connects. */
export interface OpenLoopOptions extends LoopControlsOptions {
  events: EventBus;
  /** Where the versions' artifacts are (drift references beside evaluation.json). */
  objects: ObjectStore;
  catalog: Catalog;
  store: HealthImaging;
  datastoreId: DatastoreId;
  registry: ModelRegistry;
  scorer: Scorer;
  monitor: ModelMonitor;
  materialiser: ModelMaterialiser;
  timers?: LoopTimers;
}

/** The loop, open: what the routes need, and its close. */
export interface OpenedLoop {
  /** Starts a run now; a ConflictException (TriggerConflictError) naming the run in flight when there is one. */
  startByHand(actor: { principal: string }, overrides?: RunOverrides): Promise<PipelineExecution>;
  /** The finished runs and their decisions, newest first. */
  evaluations(options?: { limit?: number }): Promise<EvaluationRecord[]>;
  /** Stops the schedule; close the bus first (it waits for handlers in progress), and the state after (the backend's). */
  close(): Promise<void>;
}

/**
 * What the API offers of the loop wherever its handlers run: starting a run by hand under the trigger's claim (so a run
 * asked for here and one the trigger function starts never overlap: they share the state), and the decisions of
 * finished runs. On AWS the handlers are the Lambda functions and this is all the API holds of the loop.
 */
export function loopControls(options: LoopControlsOptions): OpenedLoop {
  const { config, runner, definition, state } = options;
  const trigger = pipelineTrigger({ config, runner, definition, state: state.trigger, prepareRun: options.prepareRun });
  return {
    startByHand: (actor, overrides) =>
      trigger.startByHand(actor, pinoTools(options.logger.child({ handler: 'pipeline-trigger' })), overrides),
    evaluations: (query) => state.evaluations.list(query),
    close: async () => undefined,
  };
}

/**
 * The loop in this process: the four handler cores subscribed on the bus under their names, over the backend's loop
 * state, the schedule tick published as a `Scheduled Event` every trigger.scheduleMinutes (when not 0).
 */
export function openLoop(options: OpenLoopOptions): OpenedLoop {
  const { config, events, registry, runner, definition } = options;
  const { trigger: triggerState, evaluations, processed } = options.state;

  const trigger = pipelineTrigger({ config, runner, definition, state: triggerState, prepareRun: options.prepareRun });
  const evaluate = modelEvaluation({ config, runner, registry, store: evaluations, triggerState });
  const approve = modelRegistryHandler({ config, registry, events, processed });
  const ingest = imageIngestion({
    config,
    registry,
    catalog: options.catalog,
    images: healthImagingImageSource(options.store),
    scorer: options.scorer,
    materialise: options.materialiser,
    monitor: options.monitor,
    driftReference: objectStoreDriftReference(options.objects),
    events,
    datastoreId: options.datastoreId,
  });

  const tools = (name: string) => pinoTools(options.logger.child({ handler: name }));
  events.subscribe({
    name: 'pipeline-trigger',
    detailTypes: ['ImageVerified', SCHEDULED_EVENT],
    handler: (e) => trigger.handle(e, tools('pipeline-trigger')),
  });
  events.subscribe({
    name: 'model-evaluation',
    detailTypes: [PIPELINE_EXECUTION_STATUS_CHANGE],
    handler: (e) => evaluate(e, tools('model-evaluation')),
  });
  events.subscribe({
    name: 'model-registry',
    detailTypes: [MODEL_PACKAGE_STATE_CHANGE],
    handler: (e) => approve(e, tools('model-registry')),
  });
  events.subscribe({
    name: 'image-ingestion',
    detailTypes: ['ImageSetCreated', 'ModelPromoted'],
    handler: (e) => ingest(e, tools('image-ingestion')),
  });

  const timers = options.timers ?? {
    setInterval: (f, ms) => setInterval(f, ms).unref(),
    clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
  };
  const minutes = config.trigger.enabled ? config.trigger.scheduleMinutes : 0;
  const tick =
    minutes > 0
      ? timers.setInterval(() => {
          events.publish([{ source: 'aws.events', 'detail-type': SCHEDULED_EVENT, detail: {} }]).catch((error: unknown) => {
            options.logger.warn({ error: (error as Error).message }, 'the schedule tick could not be published');
          });
        }, minutes * 60_000)
      : undefined;

  return {
    ...loopControls(options),
    async close() {
      if (tick !== undefined) timers.clearInterval(tick);
    },
  };
}

/** HandlerTools over pino: attributes first as pino wants them; counts and sections as debug lines (Prometheus can come later). */
function pinoTools(logger: Logger): HandlerTools {
  return {
    logger: {
      debug: (message, attributes) => logger.debug(attributes ?? {}, message),
      info: (message, attributes) => logger.info(attributes ?? {}, message),
      warn: (message, attributes) => logger.warn(attributes ?? {}, message),
      error: (message, attributes) => logger.error(attributes ?? {}, message),
    },
    metrics: { count: (metric, value = 1) => logger.debug({ metric, value }, 'metric') },
    trace: async (section, fn) => {
      const started = performance.now();
      try {
        return await fn();
      } finally {
        logger.debug({ section, ms: Math.round(performance.now() - started) }, 'section done');
      }
    },
  };
}

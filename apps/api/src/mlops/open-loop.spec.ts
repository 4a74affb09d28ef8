import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalCatalog, worklistProjector } from '@triage/catalog';
import { LocalEventBus, PIPELINE_EXECUTION_STATUS_CHANGE, SCHEDULED_EVENT, type TriageEvent } from '@triage/events';
import { eventually } from '@triage/events/test-support';
import { LocalHealthImaging } from '@triage/healthimaging';
import { DEFAULT_MLOPS_CONFIG, TriggerConflictError, type MlopsConfig } from '@triage/mlops';
import { FakePipelineRunner, fakeScorer, memoryMonitor } from '@triage/mlops/test-support';
import { createLogger } from '@triage/platform';
import { LocalModelRegistry } from '@triage/registry';
import { generateChestRadiograph } from '@triage/sample-data';
import { loopControls, openLoop, type LoopTimers, type OpenedLoop } from './open-loop';
import { LocalObjectStore } from '@triage/artifacts';
import { openLocalLoopState } from '@triage/backend';

jest.setTimeout(60_000);

const CONFIG: MlopsConfig = { ...DEFAULT_MLOPS_CONFIG, trigger: { enabled: true, minNewLabels: 2, scheduleMinutes: 15 } };

/** Interval timers a spec fires by hand. */
function manualTimers(): LoopTimers & { fire(): void; intervals: number[] } {
  const callbacks: (() => void)[] = [];
  const intervals: number[] = [];
  return {
    intervals,
    setInterval: (f, ms) => {
      callbacks.push(f);
      intervals.push(ms);
      return callbacks.length;
    },
    clearInterval: () => undefined,
    fire: () => callbacks.forEach((f) => f()),
  };
}

/**
 * The loop on the real bus, with the real store, catalog (both emitting on the bus) and registry (emitting its SageMaker
 * state changes and ModelPromoted on the bus); the runner, the scorer and the monitor are fakes (FakePipelineRunner,
 * fakeScorer, memoryMonitor: their own libs test them).
 */
const DEFINITION_STUB = { Version: '2020-12-01', Parameters: [], Steps: [] };

describe('openLoop', () => {
  let dir: string;
  let bus: LocalEventBus;
  let store: LocalHealthImaging;
  let catalog: LocalCatalog;
  let registry: LocalModelRegistry;
  let runner: FakePipelineRunner;
  let loop: OpenedLoop;
  let state: ReturnType<typeof openLocalLoopState>;
  let timers: ReturnType<typeof manualTimers>;
  let datastoreId: string;
  const exported: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-open-loop-'));
    bus = await LocalEventBus.open({ file: path.join(dir, 'events', 'events.sqlite') });
    store = await LocalHealthImaging.open({ dataDir: path.join(dir, 'healthimaging'), outbox: bus });
    catalog = await LocalCatalog.open({ file: path.join(dir, 'catalog', 'catalog.sqlite'), outbox: bus });
    registry = await LocalModelRegistry.open({ file: path.join(dir, 'registry', 'registry.sqlite'), outbox: bus });
    datastoreId = await store.ensureDatastore('default');
    bus.subscribe(worklistProjector({ catalog, store }));
    runner = new FakePipelineRunner();
    timers = manualTimers();
    loop = openLoop({
      config: CONFIG,
      events: bus,
      state: (state = openLocalLoopState(dir)),
      objects: new LocalObjectStore(path.join(dir, 's3')),
      catalog,
      store,
      datastoreId,
      registry,
      runner,
      prepareRun: async () => void exported.push('labels'),
      scorer: fakeScorer(),
      monitor: memoryMonitor(),
      materialiser: async (url) => `/models/${url.split('/')[3]}`,
      logger: createLogger({ level: 'silent' }),
      definition: DEFINITION_STUB,
      timers,
    });
  });
  afterAll(async () => {
    await bus.close();
    await loop.close();
    state.close();
    await store.close();
    await catalog.close();
    await registry.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const images: { imageSetId: string; studyInstanceUid: string }[] = [];

  it('leaves new studies unscored while no model is promoted', async () => {
    for (let index = 0; index < 3; index++) {
      const r = generateChestRadiograph({ seed: 'open-loop', index, size: 64, label: index % 2 ? 'pneumonia' : 'normal' });
      images.push({ imageSetId: (await store.storeInstance(datastoreId, r.bytes)).imageSetId, studyInstanceUid: r.studyInstanceUid });
    }
    await bus.settled();
    const page = await catalog.worklist({ datastoreId });
    expect(page.items.map((i) => i.prediction)).toEqual([undefined, undefined, undefined]);
  });

  it('starts one run when the second clinician label arrives, after exporting the labels; by hand is then a conflict', async () => {
    for (const image of images.slice(0, 2)) {
      await catalog.setLabel({
        key: { datastoreId, imageSetId: image.imageSetId },
        studyInstanceUid: image.studyInstanceUid,
        finding: 'pneumonia',
        origin: { kind: 'clinician', principal: 'dr-a', role: 'clinician' },
      });
    }
    await eventually(() => expect(runner.started.map((s) => s.createdBy)).toEqual(['trigger:labels']));
    expect(exported).toEqual(['labels']);
    const arn = (await runner.listExecutions())[0].PipelineExecutionArn;
    await expect(loop.startByHand({ principal: 'dana' })).rejects.toThrow(new TriggerConflictError('triage-chest-xray', arn));
    // The API where the functions run the loop (AWS): its own connection to the same state, no subscriptions; the claim holds.
    const otherState = openLocalLoopState(dir);
    try {
      const controls = loopControls({
        config: CONFIG,
        state: otherState,
        runner,
        definition: DEFINITION_STUB,
        logger: createLogger({ level: 'silent' }),
      });
      await expect(controls.startByHand({ principal: 'erin' })).rejects.toThrow(new TriggerConflictError('triage-chest-xray', arn));
      expect([runner.started.length, (await controls.evaluations()).length]).toEqual([1, 0]);
    } finally {
      otherState.close();
    }
  });

  it('records the run’s evaluation, promotes the Approved version it registered, and the worklist is scored by it', async () => {
    const arn = (await runner.listExecutions())[0].PipelineExecutionArn;
    const pkg = await registry.createModelPackage({
      groupName: 'triage-chest-xray',
      approvalStatus: 'Approved',
      modelDataUrl: 's3://artifacts/run1/model.tar.gz',
      imageUri: 'triage-training:latest',
      metrics: { accuracy: { value: 0.93 } },
      registeredBy: { principal: `pipeline:${arn.split('/').pop()}` },
    });
    runner.finish(arn, 'Succeeded', {
      steps: [
        {
          StepName: 'RegisterApproved',
          StepType: 'RegisterModel',
          StepStatus: 'Succeeded',
          AttemptCount: 1,
          Metadata: { RegisterModel: { Arn: pkg.arn } },
        },
      ],
    });
    // The fake runner emits nothing: the status change the real runner's outbox would append.
    await bus.publish([
      {
        source: 'aws.sagemaker',
        'detail-type': PIPELINE_EXECUTION_STATUS_CHANGE,
        detail: {
          pipelineArn: 'arn:aws:sagemaker:local:000000000000:pipeline/triage-model',
          pipelineExecutionArn: arn,
          currentPipelineExecutionStatus: 'Succeeded',
        },
      },
    ]);
    await eventually(async () => expect((await loop.evaluations()).map((e) => [e.decision, e.accuracy])).toEqual([['approved', 0.93]]));
    await eventually(async () => expect((await registry.promoted('triage-chest-xray'))?.arn).toBe(pkg.arn));
    // ModelPromoted (the registry's) rescored the unverified items; the verified ones stay as they were (unscored).
    await eventually(async () => {
      const page = await catalog.worklist({ datastoreId, verification: 'unverified' });
      expect(page.items.map((i) => i.prediction?.modelVersion)).toEqual([pkg.arn]);
    });
    const history = await registry.history('triage-chest-xray');
    expect(history.map((h) => [h.action, h.actor.principal])).toEqual([
      ['registered', `pipeline:${arn.split('/').pop()}`],
      ['promoted', 'policy:model-registry'],
    ]);
  });

  it('ticks the schedule every scheduleMinutes; a tick with no label since the last run starts nothing', async () => {
    expect(timers.intervals).toEqual([15 * 60_000]);
    const seen: TriageEvent[] = [];
    bus.subscribe({ name: 'spec-ticks', detailTypes: [SCHEDULED_EVENT], handler: async (e) => void seen.push(e) });
    timers.fire();
    await eventually(() => expect(seen.length).toBe(1));
    await bus.settled();
    // The run ended moments ago: no label since, and not 15 minutes: nothing starts.
    expect(runner.started.length).toBe(1);
  });

  it('starts a run by hand when none is in flight', async () => {
    const execution = await loop.startByHand({ principal: 'dana' });
    expect([execution.CreatedBy, runner.started.length]).toEqual(['dana', 2]);
  });
});

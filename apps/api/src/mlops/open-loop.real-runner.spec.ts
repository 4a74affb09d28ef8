import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalCatalog } from '@triage/catalog';
import { LocalEventBus } from '@triage/events';
import { eventually } from '@triage/events/test-support';
import { LocalHealthImaging } from '@triage/healthimaging';
import { DEFAULT_MLOPS_CONFIG, type MlopsConfig } from '@triage/mlops';
import { fakeScorer, memoryMonitor } from '@triage/mlops/test-support';
import { LocalPipelineRunner } from '@triage/pipeline';
import { createLogger } from '@triage/platform';
import { LocalModelRegistry } from '@triage/registry';
import { openLoop, type OpenedLoop } from './open-loop';
import { LocalObjectStore } from '@triage/artifacts';
import { openLocalLoopState } from '@triage/backend';

jest.setTimeout(60_000);

const CONFIG: MlopsConfig = { ...DEFAULT_MLOPS_CONFIG, trigger: { enabled: true, minNewLabels: 2, scheduleMinutes: 0 } };

/** A step program standing in for the training image: one line of log, one output file. */
const STEP_PROGRAM = `
const fs = require('fs'), path = require('path');
const out = path.join(process.env.TRIAGE_ML_ROOT, 'processing/output/result');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'result.txt'), 'ok');
console.log('done');
`;

/** A one-step SageMaker definition declaring the parameters the trigger overrides (pipelineParameters). */
const DEFINITION = {
  Version: '2020-12-01',
  Metadata: {},
  Parameters: [
    { Name: 'ModelPackageGroupName', Type: 'String', DefaultValue: 'triage-chest-xray' },
    { Name: 'AccuracyThreshold', Type: 'Float', DefaultValue: 0.85 },
    { Name: 'Architecture', Type: 'String', DefaultValue: 'small' },
    { Name: 'Epochs', Type: 'Integer', DefaultValue: 1 },
    { Name: 'BatchSize', Type: 'Integer', DefaultValue: 1 },
    { Name: 'LearningRate', Type: 'Float', DefaultValue: 0.001 },
    { Name: 'Patience', Type: 'Integer', DefaultValue: 1 },
    { Name: 'Seed', Type: 'Integer', DefaultValue: 1 },
  ],
  Steps: [
    {
      Name: 'Hello',
      Type: 'Processing',
      Arguments: {
        ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 } },
        AppSpecification: { ImageUri: 'local/hello:1', ContainerEntrypoint: ['hello'] },
        RoleArn: 'arn:aws:iam::000000000000:role/triage-pipeline',
        ProcessingOutputConfig: {
          Outputs: [
            {
              OutputName: 'result',
              S3Output: {
                S3Uri: { 'Std:Join': { On: '/', Values: ['s3://bucket/results', { Get: 'Execution.PipelineExecutionId' }] } },
                LocalPath: '/opt/ml/processing/output/result',
                S3UploadMode: 'EndOfJob',
              },
            },
          ],
        },
      },
    },
  ],
};

/**
 * The loop with the REAL LocalPipelineRunner emitting its status changes on the bus (outbox): labels start a run, its end
 * reaches model-evaluation as SageMaker's event, which frees the trigger, and the next labels start the next run.
 */
describe('openLoop over the real local runner', () => {
  let dir: string;
  let bus: LocalEventBus;
  let store: LocalHealthImaging;
  let catalog: LocalCatalog;
  let registry: LocalModelRegistry;
  let runner: LocalPipelineRunner;
  let loop: OpenedLoop;
  let state: ReturnType<typeof openLocalLoopState>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-open-loop-runner-'));
    const program = path.join(dir, 'hello.js');
    fs.writeFileSync(program, STEP_PROGRAM);
    bus = await LocalEventBus.open({ file: path.join(dir, 'events', 'events.sqlite') });
    store = await LocalHealthImaging.open({ dataDir: path.join(dir, 'healthimaging'), outbox: bus });
    catalog = await LocalCatalog.open({ file: path.join(dir, 'catalog', 'catalog.sqlite'), outbox: bus });
    registry = await LocalModelRegistry.open({ file: path.join(dir, 'registry', 'registry.sqlite'), outbox: bus });
    runner = await LocalPipelineRunner.open({
      dataDir: dir,
      registry,
      outbox: bus,
      images: [{ image: 'local/hello:1', command: [process.execPath, program] }],
    });
    loop = openLoop({
      config: CONFIG,
      events: bus,
      state: (state = openLocalLoopState(dir)),
      objects: new LocalObjectStore(path.join(dir, 's3')),
      catalog,
      store,
      datastoreId: await store.ensureDatastore('default'),
      registry,
      runner,
      scorer: fakeScorer(),
      monitor: memoryMonitor(),
      materialiser: async () => '/nowhere',
      logger: createLogger({ level: 'silent' }),
      definition: DEFINITION,
    });
  });
  afterAll(async () => {
    await bus.close();
    await loop.close();
    state.close();
    await runner.close();
    await store.close();
    await catalog.close();
    await registry.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function verify(n: number): Promise<void> {
    await catalog.setLabel({
      key: { datastoreId: 'ds1', imageSetId: `is${n}` },
      studyInstanceUid: `1.2.3.${n}`,
      finding: 'normal',
      origin: { kind: 'clinician', principal: 'dr-a', role: 'clinician' },
    });
  }

  it('starts a run at the second label, records its end from the runner’s event, and the next two labels start the next run', async () => {
    await verify(1);
    await verify(2);
    await eventually(async () => expect((await runner.listExecutions()).length).toBe(1));
    await eventually(async () =>
      expect((await loop.evaluations()).map((e) => [e.status, e.decision])).toEqual([['Succeeded', 'pending-manual-approval']]),
    );
    await verify(3);
    await verify(4);
    await eventually(async () =>
      expect((await runner.listExecutions()).map((e) => e.CreatedBy)).toEqual(['trigger:labels', 'trigger:labels']),
    );
    await eventually(async () => expect((await loop.evaluations()).length).toBe(2));
  });
});

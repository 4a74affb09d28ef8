import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalEventBus } from '@triage/events';
import { LocalModelRegistry, registryFile } from '@triage/registry';
import { LocalPipelineRunner } from './local-pipeline-runner';
import { fakeDefinition } from './test-support/fake-definition';
import { fakeImages } from './test-support/fake-steps';
import { recordStatusEvents, type SeenStatus } from './test-support/status-events';
import { waitForEnd, waitForFile } from './test-support/wait-for-execution';

jest.setTimeout(60_000);

const EXECUTING: SeenStatus = { status: 'Executing', ended: false };

describe('LocalPipelineRunner emits each execution status change through the outbox', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-runner-events-'));
  const dataDir = path.join(dir, 'data');
  const markerDir = path.join(dir, 'markers');
  let bus: LocalEventBus;
  let registry: LocalModelRegistry;
  let runner: LocalPipelineRunner;
  let seen: ReturnType<typeof recordStatusEvents>;

  beforeAll(async () => {
    fs.mkdirSync(markerDir, { recursive: true });
    fs.mkdirSync(path.join(dataDir, 's3', 'bucket', 'raw'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 's3', 'bucket', 'raw', 'a.txt'), 'patient-a normal');
    bus = await LocalEventBus.open({ file: path.join(dataDir, 'events', 'events.sqlite') });
    seen = recordStatusEvents(bus);
    registry = await LocalModelRegistry.open({ file: registryFile(dataDir) });
    runner = await LocalPipelineRunner.open({
      dataDir,
      registry,
      images: fakeImages(path.join(dir, 'bin')),
      retryIntervalScale: 0,
      codeVersion: 'test',
      outbox: bus,
    });
  });
  afterAll(async () => {
    await runner.close();
    await registry.close();
    await bus.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = (definition: object, displayName?: string) =>
    runner.startExecution({ definition, pipelineName: 'triage-chest', createdBy: 'events-spec', ...(displayName && { displayName }) });

  // Each row: a run of a tiny definition (and what is done to it), and exactly the status changes it emits.
  const TABLE: { run: string; go: () => Promise<string>; events: SeenStatus[] }[] = [
    {
      run: 'every step succeeds',
      go: async () => (await waitForEnd(runner, (await start(fakeDefinition({ markerDir }))).PipelineExecutionArn)).PipelineExecutionArn,
      events: [EXECUTING, { status: 'Succeeded', previous: 'Executing', ended: true }],
    },
    {
      run: 'a step fails',
      go: async () =>
        (
          await waitForEnd(
            runner,
            (await start(fakeDefinition({ markerDir, preprocessOnly: true, preprocessImage: 'fake/failing:1' }))).PipelineExecutionArn,
          )
        ).PipelineExecutionArn,
      events: [EXECUTING, { status: 'Failed', previous: 'Executing', ended: true }],
    },
    {
      run: 'stopped while a step runs',
      go: async () => {
        const started = path.join(dir, 'stop-started');
        const execution = await start(
          fakeDefinition({
            markerDir,
            preprocessOnly: true,
            preprocessImage: 'fake/waiting:1',
            preprocessEnvironment: { STARTED_FILE: started, RELEASE_FILE: path.join(dir, 'never') },
          }),
        );
        await waitForFile(started);
        return (await runner.stopExecution(execution.PipelineExecutionArn)).PipelineExecutionArn;
      },
      events: [
        EXECUTING,
        { status: 'Stopping', previous: 'Executing', ended: false },
        { status: 'Stopped', previous: 'Stopping', ended: true },
      ],
    },
  ];

  it('emits exactly these status changes per run, in order', async () => {
    const results = [];
    for (const row of TABLE) {
      const arn = await row.go();
      await bus.settled();
      results.push({ run: row.run, events: seen.of(arn) });
    }
    expect(results).toEqual(TABLE.map(({ run, events }) => ({ run, events })));
  });

  it('spells the event as SageMaker does', async () => {
    const execution = await waitForEnd(runner, (await start(fakeDefinition({ markerDir }), 'nightly')).PipelineExecutionArn);
    await bus.settled();
    const events = seen.events.filter((e) => e.detail.pipelineExecutionArn === execution.PipelineExecutionArn);
    expect(events.map((e) => ({ ...e, id: 'id', time: 'time' }))).toEqual(
      ['Executing', 'Succeeded'].map((status) => ({
        version: '0',
        id: 'id',
        'detail-type': 'SageMaker Model Building Pipeline Execution Status Change',
        source: 'aws.sagemaker',
        account: '000000000000',
        time: 'time',
        region: 'local',
        resources: [execution.PipelineArn, execution.PipelineExecutionArn],
        detail: {
          pipelineArn: 'arn:aws:sagemaker:local:000000000000:pipeline/triage-chest',
          pipelineExecutionArn: execution.PipelineExecutionArn,
          pipelineExecutionDisplayName: 'nightly',
          currentPipelineExecutionStatus: status,
          ...(status === 'Succeeded' && { previousPipelineExecutionStatus: 'Executing', executionEndTime: execution.LastModifiedTime }),
          executionStartTime: execution.CreationTime,
        },
      })),
    );
  });
});

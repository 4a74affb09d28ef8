import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SCHEDULED_EVENT, type TriageEvent } from '@triage/events';
import { DEFAULT_MLOPS_CONFIG, type MlopsConfig } from '../../config/mlops-config';
import { SqliteTriggerState } from '../../local/sqlite-trigger-state';
import { FakePipelineRunner } from '../../test-support/fake-pipeline-runner';
import { recordingTools } from '../../test-support/recording-tools';
import { modelEvaluation } from '../model-evaluation/model-evaluation';
import { pipelineTrigger, type PipelineTrigger } from './pipeline-trigger';
import { TriggerConflictError } from './trigger-conflict-error';

const DEFINITION = { Version: '2020-12-01', Parameters: [], Steps: [] };

/** An ImageVerified event as the bus delivers it (id `label-<n>`). */
function verified(n: number): TriageEvent<'ImageVerified'> {
  return {
    version: '0',
    id: `label-${n}`,
    'detail-type': 'ImageVerified',
    source: 'triage.catalog',
    account: '000000000000',
    time: '2026-01-01T00:00:00.000Z',
    region: 'local',
    resources: [],
    detail: {
      datastoreId: 'ds1',
      imageSetId: `is${n}`,
      studyInstanceUid: `1.2.3.${n}`,
      finding: 'pneumonia',
      labelVersion: 1,
      origin: { kind: 'clinician', principal: 'dr-a', role: 'clinician' },
      verification: 'confirmed',
    },
  };
}

function scheduled(n: number): TriageEvent<typeof SCHEDULED_EVENT> {
  return { ...verified(n), id: `tick-${n}`, 'detail-type': SCHEDULED_EVENT, source: 'aws.events', detail: {} };
}

function configWith(trigger: Partial<MlopsConfig['trigger']>): MlopsConfig {
  return { ...DEFAULT_MLOPS_CONFIG, trigger: { ...DEFAULT_MLOPS_CONFIG.trigger, ...trigger } };
}

describe('pipeline-trigger', () => {
  let dir: string;
  let runner: FakePipelineRunner;
  let states: SqliteTriggerState[];
  let clock: number;
  const { tools } = recordingTools();

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-trigger-'));
    runner = new FakePipelineRunner();
    states = [];
    clock = Date.UTC(2026, 0, 1);
  });
  afterEach(() => {
    for (const s of states) s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A trigger with its own connection to the shared state file: one per process (or Lambda instance) in production. */
  function trigger(
    config: MlopsConfig,
    prepareRun?: () => Promise<Record<string, string>>,
  ): { t: PipelineTrigger; state: SqliteTriggerState } {
    const state = SqliteTriggerState.open({ file: path.join(dir, 'trigger.sqlite'), now: () => new Date(clock) });
    states.push(state);
    return { t: pipelineTrigger({ config, runner, definition: DEFINITION, state, prepareRun, now: () => new Date(clock) }), state };
  }

  it('starts nothing for N-1 labels and one run at the Nth, with the config as parameters and prepareRun run first', async () => {
    const prepared: string[] = [];
    const { t } = trigger(configWith({ minNewLabels: 3 }), async () => {
      prepared.push('export');
      return { InputDataUri: 's3://datasets/exports/latest/' };
    });
    const runsAfter: number[] = [];
    for (const n of [1, 2, 3]) {
      await t.handle(verified(n), tools);
      runsAfter.push(runner.started.length);
    }
    expect(runsAfter).toEqual([0, 0, 1]);
    expect(prepared).toEqual(['export']);
    expect(runner.started[0]).toEqual({
      definition: DEFINITION,
      pipelineName: 'triage-model',
      parameters: {
        ModelPackageGroupName: 'triage-chest-xray',
        AccuracyThreshold: 0.85,
        Architecture: 'small',
        Epochs: 20,
        BatchSize: 32,
        LearningRate: 0.001,
        Patience: 5,
        Seed: 42,
        InputDataUri: 's3://datasets/exports/latest/',
      },
      createdBy: 'trigger:labels',
      description: 'started by trigger:labels',
    });
  });

  it('starts no second run for a redelivered ImageVerified, during the run or after it', async () => {
    const { t, state } = trigger(configWith({ minNewLabels: 2 }));
    await t.handle(verified(1), tools);
    await t.handle(verified(2), tools);
    await t.handle(verified(2), tools);
    expect(runner.started.length).toBe(1);
    runner.finish((await runner.listExecutions())[0].PipelineExecutionArn, 'Succeeded');
    for (const n of [1, 2, 1, 2]) await t.handle(verified(n), tools);
    expect([runner.started.length, (await state.snapshot('triage-chest-xray')).newLabels]).toEqual([1, 0]);
  });

  it('starts one run for two label events delivered at once to two connections', async () => {
    const a = trigger(configWith({ minNewLabels: 2 }));
    const b = trigger(configWith({ minNewLabels: 2 }));
    await a.t.handle(verified(1), tools);
    await Promise.all([a.t.handle(verified(2), tools), b.t.handle(verified(3), tools)]);
    expect(runner.started.length).toBe(1);
  });

  it('starts one run for the schedule and a label event at once', async () => {
    const config = configWith({ minNewLabels: 2, scheduleMinutes: 60 });
    const a = trigger(config);
    const b = trigger(config);
    await a.t.handle(verified(1), tools);
    clock += 60 * 60_000;
    await Promise.all([a.t.handle(scheduled(1), tools), b.t.handle(verified(2), tools)]);
    expect(runner.started.map((s) => s.createdBy)).toHaveLength(1);
  });

  it('starts one run for two starts by hand at once; the other is a conflict naming the run', async () => {
    const a = trigger(configWith({}));
    const b = trigger(configWith({}));
    const outcomes = await Promise.allSettled([
      a.t.startByHand({ principal: 'dana' }, tools),
      b.t.startByHand({ principal: 'lee' }, tools),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(runner.started.length).toBe(1);
    const arn = (await runner.listExecutions())[0].PipelineExecutionArn;
    await expect(a.t.startByHand({ principal: 'dana' }, tools)).rejects.toThrow(new TriggerConflictError('triage-chest-xray', arn));
  });

  it('counts a run started elsewhere (by hand through the API) as in flight', async () => {
    const { t } = trigger(configWith({ minNewLabels: 1 }));
    await runner.startExecution({ definition: DEFINITION, pipelineName: 'triage-model', createdBy: 'dana' });
    await t.handle(verified(1), tools);
    expect(runner.started.map((s) => s.createdBy)).toEqual(['dana']);
  });

  it.each([
    ['the model-evaluation handler records its end', true],
    ['the trigger sees it ended', false],
  ])('lets the next trigger start once the run ended (%s), counting the labels that came during the run', async (_name, evaluate) => {
    const config = configWith({ minNewLabels: 2 });
    const { t, state } = trigger(config);
    for (const n of [1, 2, 3]) await t.handle(verified(n), tools);
    const first = (await runner.listExecutions())[0].PipelineExecutionArn;
    runner.finish(first, 'Failed', { failureReason: 'out of memory' });
    if (evaluate) {
      const store = { put: async () => undefined, get: async () => undefined, list: async () => [] };
      const registry = {} as never;
      await modelEvaluation({ config, runner, registry, store, triggerState: state })(
        {
          ...scheduled(0),
          id: 'status-1',
          'detail-type': 'SageMaker Model Building Pipeline Execution Status Change',
          source: 'aws.sagemaker',
          detail: {
            pipelineArn: 'arn:aws:sagemaker:local:000000000000:pipeline/triage-model',
            pipelineExecutionArn: first,
            currentPipelineExecutionStatus: 'Failed',
          },
        },
        tools,
      );
      expect((await state.snapshot('triage-chest-xray')).claim).toBeUndefined();
    }
    expect((await state.snapshot('triage-chest-xray')).newLabels).toBe(1);
    await t.handle(verified(4), tools);
    expect(runner.started.length).toBe(2);
  });

  it('releases the claim when the start fails, so the redelivered event counts again and starts the run', async () => {
    const { t, state } = trigger(configWith({ minNewLabels: 2 }));
    await t.handle(verified(1), tools);
    runner.failNextStart(new Error('ThrottlingException'));
    await expect(t.handle(verified(2), tools)).rejects.toThrow('ThrottlingException');
    expect(await state.snapshot('triage-chest-xray')).toEqual({ newLabels: 1, lastRunAt: new Date(clock).toISOString() });
    await t.handle(verified(2), tools);
    expect(runner.started.length).toBe(1);
  });

  it('starts on the schedule only when labels arrived and the interval passed', async () => {
    const { t } = trigger(configWith({ minNewLabels: 50, scheduleMinutes: 30 }));
    const runsAfter: number[] = [];
    await t.handle(scheduled(1), tools); // no labels
    runsAfter.push(runner.started.length);
    await t.handle(verified(1), tools);
    clock += 29 * 60_000;
    await t.handle(scheduled(2), tools); // too early
    runsAfter.push(runner.started.length);
    clock += 60_000;
    await t.handle(scheduled(3), tools);
    runsAfter.push(runner.started.length);
    expect(runsAfter).toEqual([0, 0, 1]);
    expect(runner.started[0].createdBy).toBe('trigger:schedule');
  });

  it('counts labels but starts nothing when the trigger is disabled', async () => {
    const { t, state } = trigger(configWith({ enabled: false, minNewLabels: 1 }));
    await t.handle(verified(1), tools);
    expect([runner.started.length, (await state.snapshot('triage-chest-xray')).newLabels]).toEqual([0, 1]);
  });
});

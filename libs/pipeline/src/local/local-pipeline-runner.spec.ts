import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalModelRegistry, registryFile } from '@triage/registry';
import { PipelineError, type PipelineChange, type PipelineExecutionStep } from '../pipeline-runner';
import { LocalPipelineRunner } from './local-pipeline-runner';
import { unpackTarGz } from './tar-gz';
import { fakeDefinition } from './test-support/fake-definition';
import { fakeImages, runs } from './test-support/fake-steps';
import { waitForEnd } from './test-support/wait-for-execution';

jest.setTimeout(60_000);

/** A data directory with raw input files, a registry and a runner over the fake images. */
async function setUp(name: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `triage-runner-${name}-`));
  const dataDir = path.join(dir, 'data');
  const markerDir = path.join(dir, 'markers');
  fs.mkdirSync(markerDir, { recursive: true });
  const raw = path.join(dataDir, 's3', 'bucket', 'raw');
  fs.mkdirSync(raw, { recursive: true });
  fs.writeFileSync(path.join(raw, 'a.txt'), 'patient-a normal');
  fs.writeFileSync(path.join(raw, 'b.txt'), 'patient-b pneumonia');
  const registry = await LocalModelRegistry.open({ file: registryFile(dataDir) });
  const images = fakeImages(path.join(dir, 'bin'));
  const runner = await LocalPipelineRunner.open({ dataDir, registry, images, retryIntervalScale: 0, codeVersion: 'test-commit' });
  return {
    dir,
    dataDir,
    markerDir,
    raw,
    registry,
    images,
    runner,
    async close() {
      await runner.close();
      await registry.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The columns of a step worth comparing exactly. */
function row(step: PipelineExecutionStep) {
  return {
    step: step.StepName,
    status: step.StepStatus,
    attempts: step.AttemptCount,
    ...(step.Metadata.Condition && { outcome: step.Metadata.Condition.Outcome }),
    ...(step.CacheHitResult && { cachedFrom: step.CacheHitResult.SourcePipelineExecutionArn }),
    ...(step.FailureReason && { reason: step.FailureReason }),
  };
}

describe('LocalPipelineRunner over a hand-written SageMaker definition and fake step programs', () => {
  let t: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    t = await setUp('flow');
  });
  afterAll(async () => t.close());

  it('resolves parameters, Get, Std:Join and Std:JsonGet, and registers an Approved model with metrics and lineage', async () => {
    const changes: PipelineChange[] = [];
    const unsubscribe = t.runner.onChange((change) => changes.push(change));
    const started = await t.runner.startExecution({
      definition: JSON.stringify(fakeDefinition({ markerDir: t.markerDir })),
      pipelineName: 'triage-chest',
      parameters: { Epochs: '3', FakeAccuracy: 0.9 },
      createdBy: 'dana',
      displayName: 'first run',
    });
    const id = started.PipelineExecutionArn.split('/').pop() ?? '';
    expect(started).toMatchObject({
      PipelineArn: 'arn:aws:sagemaker:local:000000000000:pipeline/triage-chest',
      PipelineExecutionArn: `arn:aws:sagemaker:local:000000000000:pipeline/triage-chest/execution/${id}`,
      PipelineExecutionStatus: 'Executing',
      PipelineExecutionDisplayName: 'first run',
      CreatedBy: 'dana',
      PipelineParameters: [
        { Name: 'InputData', Value: 's3://bucket/raw' },
        { Name: 'Epochs', Value: '3' },
        { Name: 'FakeAccuracy', Value: '0.9' },
        { Name: 'AccuracyThreshold', Value: '0.85' },
        { Name: 'ModelGroup', Value: 'triage-chest' },
      ],
      StepNames: ['Preprocess', 'Train', 'Evaluate', 'CheckAccuracy', 'RegisterApproved', 'RegisterPending'],
    });
    const ended = await waitForEnd(t.runner, started.PipelineExecutionArn);
    unsubscribe();
    expect(ended.PipelineExecutionStatus).toBe('Succeeded');
    const steps = await t.runner.listExecutionSteps(id);
    expect(steps.map(row)).toEqual([
      { step: 'Preprocess', status: 'Succeeded', attempts: 1 },
      { step: 'Train', status: 'Succeeded', attempts: 1 },
      { step: 'Evaluate', status: 'Succeeded', attempts: 1 },
      { step: 'CheckAccuracy', status: 'Succeeded', attempts: 0, outcome: 'True' },
      { step: 'RegisterApproved', status: 'Succeeded', attempts: 1 },
    ]);
    const train = steps[1];
    expect(train.Progress).toEqual({ phase: 'epoch', done: 2, total: 2, metrics: { loss: 0.5 } });
    expect(train.Metadata).toEqual({ TrainingJob: { Arn: `arn:aws:sagemaker:local:000000000000:training-job/pipelines-${id}-train` } });

    // The model artifact: /opt/ml/model packed where SageMaker puts it, hyperparameters as strings.
    const modelUrl = `s3://bucket/pipeline/train/${id}/pipelines-${id}-Train/output/model.tar.gz`;
    const unpacked = path.join(t.dir, 'unpacked');
    expect(await unpackTarGz(t.runner.objectStore.pathOf(modelUrl), unpacked)).toEqual(['model.json']);
    expect(JSON.parse(fs.readFileSync(path.join(unpacked, 'model.json'), 'utf8'))).toEqual({
      hyperparameters: { epochs: '3', seed: '7' },
      rows: 2,
    });
    expect(t.runner.objectStore.existsSync(`s3://bucket/pipeline/train/${id}/pipelines-${id}-Train/output/output.tar.gz`)).toBe(true);

    const [registered] = await t.registry.listModelPackages('triage-chest');
    expect(steps[4].Metadata).toEqual({ RegisterModel: { Arn: registered.arn } });
    expect(registered).toMatchObject({
      approvalStatus: 'Approved',
      modelDataUrl: modelUrl,
      imageUri: 'fake/steps:1',
      metrics: { accuracy: { value: 0.9, ci95: [0.8, 0.95] }, evaluationUri: `s3://bucket/pipeline/${id}/evaluation/evaluation.json` },
      lineage: {
        pipelineExecutionArn: started.PipelineExecutionArn,
        datasetSnapshotUri: 's3://bucket/pipeline/preprocess/snapshot',
        datasetSnapshotHash: 'snapshot-of-2',
        trainingJob: `pipelines-${id}-Train`,
        codeVersion: 'test-commit',
      },
      registeredBy: { principal: `pipeline:${id}` },
    });

    // Every step change reached the listener, ending with the execution's.
    expect(changes.filter((c) => c.step?.StepStatus === 'Succeeded').map((c) => c.step?.StepName)).toEqual([
      'Preprocess',
      'Train',
      'Evaluate',
      'CheckAccuracy',
      'RegisterApproved',
    ]);
    expect(changes[changes.length - 1]).toEqual({ execution: ended });

    // The step's log: its stdout with the progress lines, read whole and from an offset.
    const log = await t.runner.readStepLog(id, 'Train');
    const text = await readAll(log.stream);
    expect({ attempt: log.attempt, complete: log.complete, size: log.size }).toEqual({
      attempt: 1,
      complete: true,
      size: Buffer.byteLength(text),
    });
    expect(text.split('\n')[0]).toBe('train starts');
    expect(text).toContain('TRIAGE_PROGRESS {"phase":"epoch","done":2,"total":2,"metrics":{"loss":0.5}}');
    expect(await readAll((await t.runner.readStepLog(id, 'Train', { offset: log.size - 6 })).stream)).toBe(text.slice(-6));
  });

  it('routes each accuracy to Approved or PendingManualApproval; concurrent starts are independent executions', async () => {
    const table = [
      { accuracy: 0.84, register: 'RegisterPending', outcome: 'False', approvalStatus: 'PendingManualApproval' },
      { accuracy: 0.85, register: 'RegisterApproved', outcome: 'True', approvalStatus: 'Approved' },
      { accuracy: 0.99, register: 'RegisterApproved', outcome: 'True', approvalStatus: 'Approved' },
    ];
    const definition = fakeDefinition({ markerDir: t.markerDir });
    const started = await Promise.all(
      table.map((c) =>
        t.runner.startExecution({
          definition,
          pipelineName: 'triage-chest',
          parameters: { FakeAccuracy: c.accuracy, ModelGroup: 'routing' },
          createdBy: 'dana',
        }),
      ),
    );
    expect(new Set(started.map((s) => s.PipelineExecutionArn)).size).toBe(3);
    const outcomes = [];
    for (const [i, execution] of started.entries()) {
      const ended = await waitForEnd(t.runner, execution.PipelineExecutionArn);
      const steps = await t.runner.listExecutionSteps(execution.PipelineExecutionArn);
      const register = steps.find((s) => s.StepType === 'RegisterModel');
      const registered = await t.registry.describeModelPackage(register?.Metadata.RegisterModel?.Arn ?? '');
      outcomes.push({
        accuracy: table[i].accuracy,
        register: register?.StepName,
        outcome: steps.find((s) => s.StepName === 'CheckAccuracy')?.Metadata.Condition?.Outcome,
        approvalStatus: ended.PipelineExecutionStatus === 'Succeeded' ? registered.approvalStatus : ended.FailureReason,
      });
      expect(registered.lineage.pipelineExecutionArn).toBe(execution.PipelineExecutionArn);
    }
    expect(outcomes).toEqual(table);
    expect((await t.registry.listModelPackages('routing')).map((p) => p.approvalStatus).sort()).toEqual([
      'Approved',
      'Approved',
      'PendingManualApproval',
    ]);
    // Newest first.
    expect((await t.runner.listExecutions({ limit: 3 })).map((e) => e.PipelineExecutionArn)).toEqual(
      started.map((s) => s.PipelineExecutionArn).reverse(),
    );
  });

  it('refuses definitions and parameters it cannot run, naming what is wrong', async () => {
    const definition = fakeDefinition({ markerDir: t.markerDir }) as { Steps: unknown[] };
    const table: { input: Partial<Parameters<LocalPipelineRunner['startExecution']>[0]>; message: string }[] = [
      { input: { definition: '{' }, message: "the definition is not JSON: Expected property name or '}' in JSON at position 1" },
      {
        input: { definition: { Version: '2020-12-01', Steps: [{ Name: 'X', Type: 'Lambda', Arguments: {} }] } },
        message: 'step X: type "Lambda" cannot run locally',
      },
      { input: { parameters: { Nope: 1 } }, message: 'the pipeline has no parameter Nope' },
      { input: { parameters: { Epochs: '2.5' } }, message: 'parameter Epochs is "2.5", not an Integer' },
      { input: { pipelineName: 'bad name' }, message: 'pipeline name "bad name" is not [a-zA-Z0-9](-*[a-zA-Z0-9])*' },
      {
        input: {
          definition: {
            ...definition,
            Steps: [
              ...definition.Steps,
              { Name: 'Loop', Type: 'Fail', DependsOn: ['Loop2'], Arguments: {} },
              { Name: 'Loop2', Type: 'Fail', DependsOn: ['Loop'], Arguments: {} },
            ],
          },
        },
        message: 'the steps depend on each other in a cycle: Loop -> Loop2 -> Loop',
      },
    ];
    for (const c of table) {
      const attempt = t.runner.startExecution({ definition, pipelineName: 'triage-chest', createdBy: 'dana', ...c.input });
      await expect(attempt).rejects.toEqual(new PipelineError('ValidationException', c.message));
    }
  });
});

describe('step caching', () => {
  let t: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    t = await setUp('cache');
  });
  afterAll(async () => t.close());

  it('reuses a cached step instead of running it; runs it again when its input, or what it wrote, changed', async () => {
    const definition = fakeDefinition({ markerDir: t.markerDir, preprocessOnly: true });
    const run = async () => {
      const started = await t.runner.startExecution({ definition, pipelineName: 'triage-chest', createdBy: 'dana' });
      await waitForEnd(t.runner, started.PipelineExecutionArn);
      const [step] = await t.runner.listExecutionSteps(started.PipelineExecutionArn);
      return { arn: started.PipelineExecutionArn, step: row(step), runs: runs(t.markerDir, 'preprocess') };
    };
    const first = await run();
    const second = await run();
    fs.writeFileSync(path.join(t.raw, 'c.txt'), 'patient-c normal');
    const third = await run();
    // Back to the first input: its cached result is not reused, the third run has rewritten the outputs since.
    fs.rmSync(path.join(t.raw, 'c.txt'));
    const fourth = await run();
    const fifth = await run();
    expect([first, second, third, fourth, fifth]).toEqual([
      { arn: first.arn, step: { step: 'Preprocess', status: 'Succeeded', attempts: 1 }, runs: 1 },
      { arn: second.arn, step: { step: 'Preprocess', status: 'Succeeded', attempts: 0, cachedFrom: first.arn }, runs: 1 },
      { arn: third.arn, step: { step: 'Preprocess', status: 'Succeeded', attempts: 1 }, runs: 2 },
      { arn: fourth.arn, step: { step: 'Preprocess', status: 'Succeeded', attempts: 1 }, runs: 3 },
      { arn: fifth.arn, step: { step: 'Preprocess', status: 'Succeeded', attempts: 0, cachedFrom: fourth.arn }, runs: 3 },
    ]);
    // The output prefix holds exactly what the last run wrote.
    expect(fs.readFileSync(t.runner.objectStore.pathOf('s3://bucket/pipeline/preprocess/train/data.txt'), 'utf8')).toBe(
      'patient-a normal\npatient-b pneumonia',
    );
  });
});

describe('retries', () => {
  let t: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    t = await setUp('retry');
  });
  afterAll(async () => t.close());

  it('retries a failing step MaxAttempts times, then fails it and the execution with the reason', async () => {
    const definition = fakeDefinition({ markerDir: t.markerDir, preprocessImage: 'fake/failing:1', preprocessRetries: 2 });
    const started = await t.runner.startExecution({ definition, pipelineName: 'triage-chest', createdBy: 'dana' });
    const ended = await waitForEnd(t.runner, started.PipelineExecutionArn);
    expect({ status: ended.PipelineExecutionStatus, reason: ended.FailureReason }).toEqual({
      status: 'Failed',
      reason: 'step Preprocess failed after 3 attempts: out of memory (fake)',
    });
    expect((await t.runner.listExecutionSteps(started.PipelineExecutionArn)).map(row)).toEqual([
      { step: 'Preprocess', status: 'Failed', attempts: 3, reason: 'out of memory (fake)' },
    ]);
    expect(runs(t.markerDir, 'fail')).toBe(3);
    const logs = [];
    for (const attempt of [1, 2, 3])
      logs.push((await readAll((await t.runner.readStepLog(started.PipelineExecutionArn, 'Preprocess', { attempt })).stream)).split('\n'));
    expect(logs).toEqual([
      [
        'fail starts',
        'fail failed: out of memory (fake)',
        '[runner] attempt 1 failed (SageMaker.JOB_INTERNAL_ERROR): out of memory (fake); retrying in 0 s',
        '',
      ],
      [
        'fail starts',
        'fail failed: out of memory (fake)',
        '[runner] attempt 2 failed (SageMaker.JOB_INTERNAL_ERROR): out of memory (fake); retrying in 0 s',
        '',
      ],
      ['fail starts', 'fail failed: out of memory (fake)', ''],
    ]);
    await expect(t.runner.stopExecution(started.PipelineExecutionArn)).rejects.toEqual(
      new PipelineError(
        'ConflictException',
        `execution ${started.PipelineExecutionArn.split('/').pop()} is Failed: only an Executing one can be stopped`,
      ),
    );
  });

  it('stops a running execution: its step process is killed, the step and the execution end Stopped', async () => {
    const started = await t.runner.startExecution({
      definition: fakeDefinition({
        markerDir: t.markerDir,
        preprocessImage: 'fake/waiting:1',
        preprocessEnvironment: { STARTED_FILE: path.join(t.dir, 'stop-started'), RELEASE_FILE: path.join(t.dir, 'never') },
      }),
      pipelineName: 'triage-chest',
      createdBy: 'dana',
    });
    while (!fs.existsSync(path.join(t.dir, 'stop-started'))) await new Promise((r) => setTimeout(r, 20));
    const stopped = await t.runner.stopExecution(started.PipelineExecutionArn);
    expect(stopped.PipelineExecutionStatus).toBe('Stopped');
    expect((await t.runner.listExecutionSteps(started.PipelineExecutionArn)).map(row)).toEqual([
      { step: 'Preprocess', status: 'Stopped', attempts: 1 },
    ]);
  });
});

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

describe('step processes', () => {
  let t: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    t = await setUp('env');
  });
  afterAll(async () => t.close());

  it("see their Environment and the machine's basics, never the runner's other variables (its secrets)", async () => {
    process.env['TRIAGE_ADMIN_TOKEN_FOR_SPEC'] = 'secret';
    try {
      const definition = fakeDefinition({
        markerDir: t.markerDir,
        preprocessOnly: true,
        preprocessImage: 'fake/env:1',
        preprocessEnvironment: { FROM_DEFINITION: 'yes' },
      });
      const runner = t.runner;
      const started = await runner.startExecution({ definition, pipelineName: 'triage-chest', createdBy: 'dana' });
      await waitForEnd(runner, started.PipelineExecutionArn);
      const log = await readAll((await runner.readStepLog(started.PipelineExecutionArn, 'Preprocess')).stream);
      const names = JSON.parse(log) as string[];
      expect(
        names.filter((n) => !['HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'TZ', 'TRIAGE_TF_BACKEND'].includes(n) && !n.startsWith('NODE_')),
      ).toEqual(['FROM_DEFINITION', 'MARKER_DIR', 'PATH', 'TRIAGE_ML_ROOT']);
    } finally {
      delete process.env['TRIAGE_ADMIN_TOKEN_FOR_SPEC'];
    }
  });
});

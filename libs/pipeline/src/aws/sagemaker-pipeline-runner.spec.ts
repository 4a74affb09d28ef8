// SageMaker Pipelines and CloudWatch Logs have no local counterpart (the local runner executes the
// same JSON, but it is not SageMaker), so this spec drives the real SDK clients answered by
// aws-sdk-client-mock in front of a stateful fake that behaves as the two services do
// (src/test-support/sagemaker-pipeline-fake.ts). What it checks is the requests the runner sends
// (start creating, then updating, the pipeline; stop) and what it makes of the answers (the step
// mapping table, log paging and offsets, changes told to listeners).
import { text } from 'node:stream/consumers';
import {
  CreatePipelineCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  UpdatePipelineCommand,
  type PipelineExecutionStep as SageMakerStep,
} from '@aws-sdk/client-sagemaker';
import { compilePipeline, serializePipelineDefinition } from '../compile/compile-pipeline';
import { PipelineError, type PipelineChange, type PipelineExecutionStep } from '../pipeline-runner';
import { sageMakerPipelineFake, type SageMakerPipelineFake } from '../test-support/sagemaker-pipeline-fake';
import { triagePipeline } from '../triage-pipeline/triage-pipeline';
import { SageMakerPipelineRunner } from './sagemaker-pipeline-runner';

const ROLE = 'arn:aws:iam::123456789012:role/triage-dev-pipeline';
const NAME = 'triage-dev-pipeline';
const PIPELINE_ARN = 'arn:aws:sagemaker:eu-west-1:123456789012:pipeline/triage-dev-pipeline';
const JOB = (kind: 'processing-job' | 'training-job', name: string) => `arn:aws:sagemaker:eu-west-1:123456789012:${kind}/${name}`;
const definition = serializePipelineDefinition(compilePipeline(triagePipeline({ pipelineName: NAME, roleArn: ROLE })));
const STEP_NAMES = ['Preprocess', 'Train', 'Evaluate', 'CheckAccuracy', 'RegisterApproved', 'RegisterPending'];

let fake: SageMakerPipelineFake;
let runner: SageMakerPipelineRunner;
beforeEach(() => {
  fake = sageMakerPipelineFake();
  runner = new SageMakerPipelineRunner({
    sagemaker: fake.sagemakerClient,
    logs: fake.logsClient,
    roleArn: ROLE,
    pipelineName: NAME,
    pollIntervalMs: 3_600_000,
  });
});
afterEach(async () => {
  await runner.close();
  fake.restore();
});

const inputs = (command: Parameters<SageMakerPipelineFake['sagemaker']['commandCalls']>[0]) =>
  fake.sagemaker.commandCalls(command).map((call) => call.args[0].input);

async function start(parameters?: Record<string, string | number | boolean>, text = definition) {
  return runner.startExecution({ definition: text, pipelineName: NAME, parameters, createdBy: 'alice', description: 'nightly' });
}

describe('SageMakerPipelineRunner', () => {
  it('creates the pipeline with the compiled definition, then starts it with the overrides', async () => {
    const execution = await start({ Epochs: 3, AccuracyThreshold: 0.9 });
    expect(inputs(CreatePipelineCommand)).toEqual([
      { PipelineName: NAME, PipelineDefinition: definition, RoleArn: ROLE, ClientRequestToken: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    expect(inputs(UpdatePipelineCommand)).toEqual([]);
    expect(inputs(StartPipelineExecutionCommand)).toEqual([
      {
        PipelineName: NAME,
        PipelineParameters: [
          { Name: 'Epochs', Value: '3' },
          { Name: 'AccuracyThreshold', Value: '0.9' },
        ],
        PipelineExecutionDescription: 'nightly\ntriage:createdBy=alice',
        ClientRequestToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
    ]);
    expect(execution).toEqual({
      PipelineArn: PIPELINE_ARN,
      PipelineExecutionArn: `${PIPELINE_ARN}/execution/exec00000001`,
      PipelineExecutionDescription: 'nightly',
      PipelineExecutionStatus: 'Executing',
      CreationTime: '2026-12-05T09:00:02.000Z',
      LastModifiedTime: '2026-12-05T09:00:02.000Z',
      CreatedBy: 'alice',
      PipelineParameters: expect.arrayContaining([
        { Name: 'Epochs', Value: '3' },
        { Name: 'AccuracyThreshold', Value: '0.9' },
        { Name: 'Architecture', Value: 'resnet50' },
      ]),
      StepNames: STEP_NAMES,
    });
  });

  it('starts again without touching an unchanged pipeline, and updates a changed one before starting', async () => {
    await start();
    await start();
    expect({ creates: inputs(CreatePipelineCommand).length, updates: inputs(UpdatePipelineCommand).length }).toEqual({
      creates: 1,
      updates: 0,
    });
    const changed = serializePipelineDefinition(
      compilePipeline(triagePipeline({ pipelineName: NAME, roleArn: ROLE, defaults: { Epochs: 7 } })),
    );
    const third = await start(undefined, changed);
    expect(inputs(UpdatePipelineCommand)).toEqual([{ PipelineName: NAME, PipelineDefinition: changed, RoleArn: ROLE }]);
    expect(third.PipelineParameters).toContainEqual({ Name: 'Epochs', Value: '7' });
    expect(inputs(StartPipelineExecutionCommand)).toHaveLength(3);
  });

  it('takes the same definition with other spacing and key order as unchanged', async () => {
    await start();
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(definition) as object).reverse()), null, 2);
    await start(undefined, reordered);
    expect({ creates: inputs(CreatePipelineCommand).length, updates: inputs(UpdatePipelineCommand).length }).toEqual({
      creates: 1,
      updates: 0,
    });
  });

  it('with a deployed definition, never writes the pipeline: starts it when the definitions match, refuses otherwise', async () => {
    await start();
    const deployed = new SageMakerPipelineRunner({
      sagemaker: fake.sagemakerClient,
      logs: fake.logsClient,
      roleArn: ROLE,
      pipelineName: NAME,
      definition: 'deployed',
    });
    const changed = serializePipelineDefinition(
      compilePipeline(triagePipeline({ pipelineName: NAME, roleArn: ROLE, defaults: { Epochs: 7 } })),
    );
    const outcomes = [];
    for (const [pipelineName, text] of [
      [NAME, definition],
      [NAME, changed],
      ['triage-prod-pipeline', definition],
    ] as const)
      outcomes.push(
        await deployed.startExecution({ definition: text, pipelineName, createdBy: 'policy' }).then(
          (e) => `started ${e.PipelineExecutionArn.slice(-12)}`,
          (e: PipelineError) => `${e.code}: ${e.message}`,
        ),
      );
    expect(outcomes).toEqual([
      'started exec00000002',
      `ConflictException: pipeline ${NAME} as deployed runs another definition than the one compiled here: deploy the ml stack, or start with the deployed one`,
      'ResourceNotFound: pipeline triage-prod-pipeline is not deployed: deploy the ml stack first',
    ]);
    expect({ creates: inputs(CreatePipelineCommand).length, updates: inputs(UpdatePipelineCommand).length }).toEqual({
      creates: 1,
      updates: 0,
    });
    await deployed.close();
  });

  it('refuses an undeclared parameter and a bad name before anything is sent', async () => {
    await expect(start({ Nope: 1 })).rejects.toThrow(new PipelineError('ValidationException', 'the pipeline has no parameter Nope'));
    await expect(runner.startExecution({ definition, pipelineName: 'bad_name', createdBy: 'a' })).rejects.toMatchObject({
      code: 'ValidationException',
    });
    expect(fake.sagemaker.calls()).toHaveLength(0);
  });

  it('describes by ARN or id, lists newest first, and answers an unknown execution ResourceNotFound', async () => {
    const first = await start();
    const second = await start();
    const third = await start();
    expect(await runner.describeExecution('exec00000002')).toEqual(second);
    expect((await runner.listExecutions()).map((e) => e.PipelineExecutionArn)).toEqual(
      [third, second, first].map((e) => e.PipelineExecutionArn),
    );
    expect((await runner.listExecutions({ limit: 2 })).map((e) => e.PipelineExecutionArn)).toEqual(
      [third, second].map((e) => e.PipelineExecutionArn),
    );
    await expect(runner.describeExecution('exec99999999')).rejects.toMatchObject({ code: 'ResourceNotFound', name: 'ResourceNotFound' });
  });

  it('maps ListPipelineExecutionSteps onto the port’s steps (the table)', async () => {
    const { PipelineExecutionArn: arn } = await start();
    const at = (s: number) => new Date(Date.UTC(2026, 11, 5, 10, 0, s));
    const table: { sagemaker: SageMakerStep; port: PipelineExecutionStep }[] = [
      {
        sagemaker: {
          StepName: 'Preprocess',
          StepStatus: 'Succeeded',
          StartTime: at(0),
          EndTime: at(1),
          CacheHitResult: { SourcePipelineExecutionArn: `${PIPELINE_ARN}/execution/old` },
          Metadata: { ProcessingJob: { Arn: JOB('processing-job', 'pipelines-old-preprocess-a1') } },
        },
        port: {
          StepName: 'Preprocess',
          StepType: 'Processing',
          StepStatus: 'Succeeded',
          StartTime: at(0).toISOString(),
          EndTime: at(1).toISOString(),
          CacheHitResult: { SourcePipelineExecutionArn: `${PIPELINE_ARN}/execution/old` },
          AttemptCount: 0,
          Metadata: { ProcessingJob: { Arn: JOB('processing-job', 'pipelines-old-preprocess-a1') } },
          Log: { attempt: 0, location: '/aws/sagemaker/ProcessingJobs/pipelines-old-preprocess-a1' },
        },
      },
      {
        sagemaker: {
          StepName: 'Train',
          StepStatus: 'Succeeded',
          StartTime: at(2),
          EndTime: at(9),
          AttemptCount: 2,
          Metadata: { TrainingJob: { Arn: JOB('training-job', 'pipelines-x-train-b2') } },
        },
        port: {
          StepName: 'Train',
          StepType: 'Training',
          StepStatus: 'Succeeded',
          StartTime: at(2).toISOString(),
          EndTime: at(9).toISOString(),
          AttemptCount: 2,
          Metadata: { TrainingJob: { Arn: JOB('training-job', 'pipelines-x-train-b2') } },
          Log: { attempt: 2, location: '/aws/sagemaker/TrainingJobs/pipelines-x-train-b2' },
        },
      },
      {
        sagemaker: {
          StepName: 'Evaluate',
          StepStatus: 'Failed',
          StartTime: at(10),
          EndTime: at(11),
          AttemptCount: 1,
          FailureReason: 'ClientError: evaluation failed',
          Metadata: { ProcessingJob: { Arn: JOB('processing-job', 'pipelines-x-evaluate-c3') } },
        },
        port: {
          StepName: 'Evaluate',
          StepType: 'Processing',
          StepStatus: 'Failed',
          StartTime: at(10).toISOString(),
          EndTime: at(11).toISOString(),
          FailureReason: 'ClientError: evaluation failed',
          AttemptCount: 1,
          Metadata: { ProcessingJob: { Arn: JOB('processing-job', 'pipelines-x-evaluate-c3') } },
          Log: { attempt: 1, location: '/aws/sagemaker/ProcessingJobs/pipelines-x-evaluate-c3' },
        },
      },
      {
        sagemaker: {
          StepName: 'CheckAccuracy',
          StepStatus: 'Succeeded',
          StartTime: at(12),
          EndTime: at(12),
          AttemptCount: 1,
          Metadata: { Condition: { Outcome: 'True' } },
        },
        port: {
          StepName: 'CheckAccuracy',
          StepType: 'Condition',
          StepStatus: 'Succeeded',
          StartTime: at(12).toISOString(),
          EndTime: at(12).toISOString(),
          AttemptCount: 1,
          Metadata: { Condition: { Outcome: 'True' } },
        },
      },
      {
        sagemaker: {
          StepName: 'RegisterApproved',
          StepStatus: 'Executing',
          StartTime: at(13),
          AttemptCount: 1,
          Metadata: { RegisterModel: { Arn: 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/chest/4' } },
        },
        port: {
          StepName: 'RegisterApproved',
          StepType: 'RegisterModel',
          StepStatus: 'Executing',
          StartTime: at(13).toISOString(),
          AttemptCount: 1,
          Metadata: { RegisterModel: { Arn: 'arn:aws:sagemaker:eu-west-1:123456789012:model-package/chest/4' } },
        },
      },
      {
        // A step the definition does not hold (a Fail step): its type comes from Metadata.
        sagemaker: {
          StepName: 'Stop',
          StepStatus: 'Failed',
          StartTime: at(14),
          EndTime: at(14),
          FailureReason: 'accuracy below bar',
          Metadata: { Fail: { ErrorMessage: 'accuracy below bar' } },
        },
        port: {
          StepName: 'Stop',
          StepType: 'Fail',
          StepStatus: 'Failed',
          StartTime: at(14).toISOString(),
          EndTime: at(14).toISOString(),
          FailureReason: 'accuracy below bar',
          AttemptCount: 1,
          Metadata: { Fail: { ErrorMessage: 'accuracy below bar' } },
        },
      },
    ];
    fake.setSteps(
      arn,
      table.map((row) => row.sagemaker),
    );
    expect(await runner.listExecutionSteps(arn)).toEqual(table.map((row) => row.port));
  });

  it('stops an Executing execution with StopPipelineExecution, and refuses a finished one without sending', async () => {
    const { PipelineExecutionArn: arn } = await start();
    const stopped = await runner.stopExecution('exec00000001');
    expect(inputs(StopPipelineExecutionCommand)).toEqual([
      { PipelineExecutionArn: arn, ClientRequestToken: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    ]);
    expect(stopped.PipelineExecutionStatus).toBe('Stopping');
    fake.setStatus(arn, 'Stopped');
    await expect(runner.stopExecution(arn)).rejects.toThrow(/is Stopped: only an Executing one can be stopped/);
    expect(inputs(StopPipelineExecutionCommand)).toHaveLength(1);
  });

  it('reads a job step’s log from CloudWatch Logs in pages, from a byte offset, and says when it is complete', async () => {
    const { PipelineExecutionArn: arn } = await start();
    const job = 'pipelines-exec00000001-train-abc';
    fake.setSteps(arn, [
      {
        StepName: 'Preprocess',
        StepStatus: 'Succeeded',
        AttemptCount: 1,
        Metadata: { ProcessingJob: { Arn: JOB('processing-job', 'pipelines-exec00000001-preprocess-x') } },
      },
      { StepName: 'Train', StepStatus: 'Executing', AttemptCount: 1, Metadata: { TrainingJob: { Arn: JOB('training-job', job) } } },
      { StepName: 'CheckAccuracy', StepStatus: 'Succeeded', AttemptCount: 1, Metadata: { Condition: { Outcome: 'False' } } },
    ]);
    fake.putLogEvents('/aws/sagemaker/TrainingJobs', `${job}/algo-1-1764925200`, [
      'epoch 1 loss 0.9',
      'epoch 2 loss 0.7',
      'épocha 3',
      'epoch 4 loss 0.5',
      'epoch 5',
    ]);
    fake.putLogEvents('/aws/sagemaker/TrainingJobs', 'pipelines-other-train/algo-1-1', ['not this job']);
    const whole = await runner.readStepLog(arn, 'Train');
    const all = 'epoch 1 loss 0.9\nepoch 2 loss 0.7\népocha 3\nepoch 4 loss 0.5\nepoch 5\n';
    expect({ attempt: whole.attempt, size: whole.size, complete: whole.complete, text: await text(whole.stream) }).toEqual({
      attempt: 1,
      size: Buffer.byteLength(all),
      complete: false,
      text: all,
    });
    const tail = await runner.readStepLog(arn, 'Train', { offset: 36 });
    expect(await text(tail.stream)).toBe(Buffer.from(all).subarray(36).toString());
    fake.putLogEvents('/aws/sagemaker/TrainingJobs', `${job}/algo-1-1764925200`, ['done']);
    const next = await runner.readStepLog(arn, 'Train', { offset: whole.size });
    expect({ size: next.size, text: await text(next.stream) }).toEqual({ size: whole.size + 5, text: 'done\n' });

    const outcomes = [];
    for (const [step, attempt] of [
      ['Preprocess', undefined],
      ['CheckAccuracy', undefined],
      ['Evaluate', undefined],
      ['Train', 2],
    ] as const)
      outcomes.push(
        await runner.readStepLog(arn, step, { attempt }).then(
          (r) => `ok ${r.size} ${r.complete}`,
          (e: PipelineError) => `${e.code}: ${e.message}`,
        ),
      );
    expect(outcomes).toEqual([
      'ok 0 true',
      'ResourceNotFound: step CheckAccuracy has no log (Condition steps run no job)',
      `ResourceNotFound: execution ${arn} has no step Evaluate (not started, or not in the definition)`,
      "ResourceNotFound: step Train has no log for attempt 2: SageMaker names only the latest attempt's job",
    ]);
  });

  it('tells listeners the changes a poll finds: a new execution, step changes, then the execution’s status', async () => {
    const first = await start();
    const changes: string[] = [];
    const stop = runner.onChange((change: PipelineChange) =>
      changes.push(
        `${change.execution.PipelineExecutionArn.slice(-12)} ${change.execution.PipelineExecutionStatus}${change.step ? ` ${change.step.StepName} ${change.step.StepStatus}` : ''}`,
      ),
    );
    await runner.refresh();
    expect(changes).toEqual([]);
    fake.setSteps(first.PipelineExecutionArn, [{ StepName: 'Preprocess', StepStatus: 'Executing', AttemptCount: 1, Metadata: {} }]);
    const second = await start();
    expect(changes).toEqual(['exec00000002 Executing']);
    await runner.refresh();
    fake.setSteps(first.PipelineExecutionArn, [
      { StepName: 'Preprocess', StepStatus: 'Failed', AttemptCount: 1, FailureReason: 'boom', Metadata: {} },
    ]);
    fake.setStatus(first.PipelineExecutionArn, 'Failed', 'step Preprocess failed');
    await runner.refresh();
    await runner.refresh();
    expect(changes).toEqual([
      'exec00000002 Executing',
      'exec00000001 Executing Preprocess Executing',
      'exec00000001 Failed Preprocess Failed',
      'exec00000001 Failed',
    ]);
    stop();
    expect(second.PipelineExecutionStatus).toBe('Executing');
  });
});

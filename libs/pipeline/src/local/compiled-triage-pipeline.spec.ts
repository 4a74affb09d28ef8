import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalModelRegistry, registryFile } from '@triage/registry';
import { compilePipeline } from '../compile/compile-pipeline';
import { triagePipeline } from '../triage-pipeline/triage-pipeline';
import { LocalPipelineRunner } from './local-pipeline-runner';
import { fakeTriageImages } from './test-support/fake-triage-image';
import { waitForEnd } from './test-support/wait-for-execution';

jest.setTimeout(60_000);

describe('the compiled triage pipeline (the JSON that deploys to SageMaker) on the local runner', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-compiled-'));
  const dataDir = path.join(dir, 'data');
  let registry: LocalModelRegistry;
  let runner: LocalPipelineRunner;

  beforeAll(async () => {
    const dataset = path.join(dataDir, 's3', 'datasets', 'export-1');
    fs.mkdirSync(dataset, { recursive: true });
    for (const name of ['a.dcm', 'b.dcm']) fs.writeFileSync(path.join(dataset, name), name);
    registry = await LocalModelRegistry.open({ file: registryFile(dataDir) });
    runner = await LocalPipelineRunner.open({
      dataDir,
      registry,
      images: fakeTriageImages(path.join(dir, 'bin')),
      retryIntervalScale: 0,
      codeVersion: 'c0de',
    });
  });
  afterAll(async () => {
    await runner.close();
    await registry.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs every step, routes by the accuracy, reuses the cached Preprocess, and registers with lineage', async () => {
    const definition = JSON.stringify(compilePipeline(triagePipeline({ artifactsUri: 's3://artifacts/triage-model' })));
    const table = [
      { LearningRate: 0.9, register: 'RegisterApproved', approval: 'Approved', preprocessCached: false },
      { LearningRate: 0.5, register: 'RegisterPending', approval: 'PendingManualApproval', preprocessCached: true },
    ];
    const seen = [];
    for (const c of table) {
      const started = await runner.startExecution({
        definition,
        pipelineName: 'triage-model',
        parameters: { InputDataUri: 's3://datasets/export-1/', LearningRate: c.LearningRate, Epochs: 1 },
        createdBy: 'dana',
      });
      const ended = await waitForEnd(runner, started.PipelineExecutionArn);
      const steps = await runner.listExecutionSteps(started.PipelineExecutionArn);
      const register = steps.find((s) => s.StepType === 'RegisterModel');
      if (!register) throw new Error(`execution ended ${ended.PipelineExecutionStatus}: ${ended.FailureReason ?? ''}`);
      const registered = await registry.describeModelPackage(register?.Metadata.RegisterModel?.Arn ?? 'none');
      seen.push({
        LearningRate: c.LearningRate,
        register: register?.StepName,
        approval: registered.approvalStatus,
        preprocessCached: steps[0].CacheHitResult !== undefined,
        steps: steps.map((s) => `${s.StepName}:${s.StepStatus}`),
        status: ended.PipelineExecutionStatus,
      });
      const id = started.PipelineExecutionArn.split('/').pop();
      expect(registered).toMatchObject({
        imageUri: 'triage-training:latest',
        modelDataUrl: `s3://artifacts/triage-model/Train/pipelines-${id}-Train/output/model.tar.gz`,
        metrics: {
          accuracy: { value: c.LearningRate },
          evaluationUri: `s3://artifacts/triage-model/Evaluate/${id}/evaluation/evaluation.json`,
        },
        lineage: {
          pipelineExecutionArn: started.PipelineExecutionArn,
          datasetSnapshotUri: 's3://artifacts/triage-model/Preprocess/snapshot',
          datasetSnapshotHash: 'sha256:a.dcm,b.dcm',
          trainingJob: `pipelines-${id}-Train`,
          codeVersion: 'c0de',
        },
      });
      expect(runner.objectStore.existsSync(`s3://artifacts/triage-model/Train/checkpoints/${id}/last.json`)).toBe(true);
    }
    expect(seen).toEqual(
      table.map((c) => ({
        ...c,
        steps: ['Preprocess:Succeeded', 'Train:Succeeded', 'Evaluate:Succeeded', 'CheckAccuracy:Succeeded', `${c.register}:Succeeded`],
        status: 'Succeeded',
      })),
    );
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PIPELINE_EXECUTION_STATUS_CHANGE, type TriageEvent } from '@triage/events';
import type { PipelineExecutionStatus, PipelineExecutionStep } from '@triage/pipeline';
import { LocalModelRegistry } from '@triage/registry';
import { DEFAULT_MLOPS_CONFIG } from '../../config/mlops-config';
import { SqliteEvaluationStore } from '../../local/sqlite-evaluation-store';
import { FakePipelineRunner } from '../../test-support/fake-pipeline-runner';
import { recordingTools } from '../../test-support/recording-tools';
import { modelEvaluation } from './model-evaluation';

function statusChange(arn: string, status: PipelineExecutionStatus, n: number): TriageEvent<typeof PIPELINE_EXECUTION_STATUS_CHANGE> {
  return {
    version: '0',
    id: `status-${n}`,
    'detail-type': PIPELINE_EXECUTION_STATUS_CHANGE,
    source: 'aws.sagemaker',
    account: '000000000000',
    time: '2026-01-01T00:00:00.000Z',
    region: 'local',
    resources: [arn],
    detail: {
      pipelineArn: 'arn:aws:sagemaker:local:000000000000:pipeline/triage-model',
      pipelineExecutionArn: arn,
      currentPipelineExecutionStatus: status,
      previousPipelineExecutionStatus: 'Executing',
    },
  };
}

function registerStep(arn: string): PipelineExecutionStep {
  return {
    StepName: 'RegisterApproved',
    StepType: 'RegisterModel',
    StepStatus: 'Succeeded',
    AttemptCount: 1,
    Metadata: { RegisterModel: { Arn: arn } },
  };
}

describe('model-evaluation', () => {
  let dir: string;
  let registry: LocalModelRegistry;
  let store: SqliteEvaluationStore;
  const runner = new FakePipelineRunner();
  const { tools } = recordingTools();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-evaluation-'));
    registry = await LocalModelRegistry.open({ file: path.join(dir, 'registry.sqlite') });
    store = SqliteEvaluationStore.open({ file: path.join(dir, 'evaluations.sqlite') });
  });
  afterAll(async () => {
    store.close();
    await registry.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function register(approvalStatus: 'Approved' | 'PendingManualApproval', accuracy: number) {
    return registry.createModelPackage({
      groupName: 'triage-chest-xray',
      approvalStatus,
      modelDataUrl: 's3://artifacts/model.tar.gz',
      imageUri: 'triage-training:latest',
      metrics: { accuracy: { value: accuracy, ci95: [accuracy - 0.05, accuracy + 0.03] } },
      registeredBy: { principal: 'pipeline:run' },
    });
  }

  it('records each terminal run with its decision, once however often the event comes, and lists them newest first', async () => {
    const handle = modelEvaluation({ config: DEFAULT_MLOPS_CONFIG, runner, registry, store });
    const approved = await register('Approved', 0.9);
    const pending = await register('PendingManualApproval', 0.7);
    const runs = [];
    for (let i = 0; i < 4; i++)
      runs.push(
        (await runner.startExecution({ definition: {}, pipelineName: 'triage-model', createdBy: 'trigger:labels' })).PipelineExecutionArn,
      );
    runner.finish(runs[0], 'Succeeded', { steps: [registerStep(approved.arn)] });
    runner.finish(runs[1], 'Succeeded', { steps: [registerStep(pending.arn)] });
    runner.finish(runs[2], 'Failed', { failureReason: 'Step Train failed: out of memory' });
    runner.finish(runs[3], 'Stopped');
    await handle(statusChange(runs[0], 'Executing', 0), tools);
    for (const [i, arn] of runs.entries()) {
      const status = (await runner.describeExecution(arn)).PipelineExecutionStatus;
      await handle(statusChange(arn, status, i + 1), tools);
      await handle(statusChange(arn, status, i + 1), tools);
    }
    const list = await store.list();
    expect(
      list.map((r) => [r.executionArn.split('/').pop(), r.status, r.decision, r.accuracy, r.modelPackageVersion, r.failureReason]),
    ).toEqual([
      ['run4', 'Stopped', 'stopped', undefined, undefined, undefined],
      ['run3', 'Failed', 'failed', undefined, undefined, 'Step Train failed: out of memory'],
      ['run2', 'Succeeded', 'pending-manual-approval', 0.7, 2, undefined],
      ['run1', 'Succeeded', 'approved', 0.9, 1, undefined],
    ]);
    expect(list[3].modelPackageArn).toBe(approved.arn);
  });

  it('ignores another pipeline’s runs', async () => {
    const handle = modelEvaluation({ config: DEFAULT_MLOPS_CONFIG, runner, registry, store });
    const other = (await runner.startExecution({ definition: {}, pipelineName: 'other', createdBy: 'x' })).PipelineExecutionArn;
    runner.finish(other, 'Succeeded');
    await handle(statusChange(other, 'Succeeded', 9), tools);
    expect(await store.get(other)).toBeUndefined();
  });
});

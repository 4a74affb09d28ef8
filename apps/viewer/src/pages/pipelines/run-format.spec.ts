import type { ExecutionStep } from './pipeline-api';
import { executionDuration, formatDuration, progressText, runDecision } from './run-format';
import { curve } from './training-curves-chart';

const ARN = 'arn:aws:sagemaker:local:000000000000:model-package/triage-chest-xray/4';

function step(partial: Partial<ExecutionStep> & Pick<ExecutionStep, 'StepName' | 'StepType'>): ExecutionStep {
  return { StepStatus: 'Succeeded', AttemptCount: 1, Metadata: {}, ...partial };
}

describe('the pipeline run pages, their pure parts', () => {
  it('writes durations and progress lines', () => {
    expect([0, 42_400, 185_000, 3_725_000].map(formatDuration)).toEqual(['0 s', '42 s', '3 min 05 s', '1 h 02 min']);
    expect(
      executionDuration(
        { CreationTime: '2026-01-01T00:00:00Z', LastModifiedTime: '2026-01-01T00:02:00Z', PipelineExecutionStatus: 'Executing' },
        Date.parse('2026-01-01T00:00:30Z'),
      ),
    ).toBe('30 s');
    expect(progressText({ phase: 'epoch', done: 3, total: 20, metrics: { loss: 0.51234 } })).toBe('epoch 3/20 · loss 0.512');
    expect(progressText({ phase: 'batch', done: 2, total: 9, message: 'epoch 4' })).toBe('batch 2/9 · epoch 4');
  });

  it("decides a run's outcome from its status and steps", () => {
    const register = (name: string) => step({ StepName: name, StepType: 'RegisterModel', Metadata: { RegisterModel: { Arn: ARN } } });
    const condition = (outcome: 'True' | 'False') =>
      step({ StepName: 'CheckAccuracy', StepType: 'Condition', Metadata: { Condition: { Outcome: outcome } } });
    const table = [
      { status: 'Executing', steps: [], decision: { kind: 'running' } },
      { status: 'Stopped', steps: [], decision: { kind: 'stopped' } },
      { status: 'Failed', reason: 'Train: out of memory', steps: [], decision: { kind: 'failed', reason: 'Train: out of memory' } },
      {
        status: 'Succeeded',
        steps: [condition('True'), register('RegisterApproved')],
        decision: { kind: 'approved', modelPackageArn: ARN },
      },
      {
        status: 'Succeeded',
        steps: [condition('False'), register('RegisterPending')],
        decision: { kind: 'pending', modelPackageArn: ARN },
      },
      { status: 'Succeeded', steps: [condition('True')], decision: { kind: 'none' } },
    ] as const;
    expect(
      table.map((c) => runDecision({ PipelineExecutionStatus: c.status, FailureReason: 'reason' in c ? c.reason : undefined }, c.steps)),
    ).toEqual(table.map((c) => c.decision));
  });

  it('draws a curve per field, leaving out epochs without it', () => {
    const epochs = [
      { epoch: 1, loss: 0.7, valLoss: 0.69 },
      { epoch: 2, loss: 0.5 },
      { epoch: 3, loss: 0.4, valLoss: 0.55 },
    ];
    expect({ loss: curve(epochs, 'loss'), valLoss: curve(epochs, 'valLoss') }).toEqual({
      loss: [
        [1, 0.7],
        [2, 0.5],
        [3, 0.4],
      ],
      valLoss: [
        [1, 0.69],
        [3, 0.55],
      ],
    });
  });
});

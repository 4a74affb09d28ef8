import { evaluateConditions } from './conditions';
import { ExpressionError, resolveValue, type ResolveContext } from './expressions';
import { isoDurationMs } from './iso-duration';

/** A context over fixed parameters, one succeeded step with an output and a property file, and one JSON object. */
const context: ResolveContext = {
  parameters: { Threshold: 0.85, Epochs: 3, Name: 'chest', Flag: true },
  execution: { PipelineExecutionId: 'abc123', PipelineName: 'triage-model' },
  stepProperties: (step) =>
    step === 'Evaluate'
      ? { ProcessingOutputConfig: { Outputs: { evaluation: { OutputName: 'evaluation', S3Output: { S3Uri: 's3://b/eval' } } } } }
      : step === 'Train'
        ? { ModelArtifacts: { S3ModelArtifacts: 's3://b/model.tar.gz' }, TrainingJobName: 'job-1' }
        : undefined,
  propertyFileUri: (step, file) => {
    if (step !== 'Evaluate' || file !== 'Report') throw new ExpressionError(`step ${step} has no property file ${file}`);
    return 's3://b/eval/evaluation.json';
  },
  readJson: async (uri) => {
    if (uri !== 's3://b/eval/evaluation.json') throw new Error('no such object');
    return { metrics: { accuracy: { value: 0.9 } }, curve: [{ x: 0 }, { x: 1 }], 'odd key': 7 };
  },
};

describe('resolveValue', () => {
  it('evaluates Get, Std:Join and Std:JsonGet as SageMaker does', async () => {
    const table: [unknown, unknown][] = [
      [{ Get: 'Parameters.Threshold' }, 0.85],
      [{ Get: 'Parameters.Flag' }, true],
      [{ Get: 'Execution.PipelineExecutionId' }, 'abc123'],
      [{ Get: "Steps.Evaluate.ProcessingOutputConfig.Outputs['evaluation'].S3Output.S3Uri" }, 's3://b/eval'],
      [{ Get: 'Steps.Evaluate.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri' }, 's3://b/eval'],
      [{ Get: 'Steps.Train.ModelArtifacts.S3ModelArtifacts' }, 's3://b/model.tar.gz'],
      [
        { 'Std:Join': { On: '/', Values: ['s3://b', { Get: 'Execution.PipelineName' }, { Get: 'Parameters.Epochs' }] } },
        's3://b/triage-model/3',
      ],
      [{ 'Std:Join': { Values: [{ Get: 'Parameters.Epochs' }] } }, '3'],
      [{ 'Std:JsonGet': { PropertyFile: { Get: 'Steps.Evaluate.PropertyFiles.Report' }, Path: 'metrics.accuracy.value' } }, 0.9],
      [{ 'Std:JsonGet': { PropertyFile: { Get: 'Steps.Evaluate.PropertyFiles.Report' }, Path: 'curve[1].x' } }, 1],
      [{ 'Std:JsonGet': { S3Uri: { 'Std:Join': { On: '/', Values: ['s3://b/eval', 'evaluation.json'] } }, Path: "['odd key']" } }, 7],
      [
        { a: [{ Get: 'Parameters.Name' }, 'literal', 2], b: { Get: 'Parameters.Epochs' } },
        { a: ['chest', 'literal', 2], b: 3 },
      ],
      // An object of more than one key is data, not an expression.
      [
        { Get: 'Parameters.Name', Other: 1 },
        { Get: 'Parameters.Name', Other: 1 },
      ],
    ];
    const resolved = [];
    for (const [value] of table) resolved.push(await resolveValue(value, context));
    expect(resolved).toEqual(table.map(([, expected]) => expected));
  });

  it('names what cannot be resolved', async () => {
    const table: [unknown, string][] = [
      [{ Get: 'Parameters.Nope' }, 'Parameters.Nope: no such parameter'],
      [{ Get: 'Execution.Nope' }, 'Execution.Nope: no such execution variable'],
      [{ Get: 'Steps.Preprocess.ProcessingOutputConfig' }, 'Steps.Preprocess.ProcessingOutputConfig: step Preprocess has not succeeded'],
      [{ Get: 'Steps.Train.Nope.Deeper' }, 'Steps.Train.Nope.Deeper: step Train has no such property'],
      [{ Get: 'Nope.X' }, 'Nope.X: unknown root Nope'],
      [
        { 'Std:JsonGet': { PropertyFile: { Get: 'Steps.Evaluate.PropertyFiles.Report' }, Path: 'metrics.f1' } },
        'Std:JsonGet: s3://b/eval/evaluation.json has no metrics.f1',
      ],
      [
        { 'Std:JsonGet': { PropertyFile: { Get: 'Steps.Evaluate.PropertyFiles.Other' }, Path: 'x' } },
        'step Evaluate has no property file Other',
      ],
      [{ 'Std:JsonGet': { S3Uri: 's3://b/missing.json', Path: 'x' } }, 'Std:JsonGet: cannot read s3://b/missing.json: no such object'],
      [{ 'Std:Join': { On: '/' } }, 'Std:Join needs Values'],
    ];
    const messages = [];
    for (const [value] of table)
      messages.push(
        await resolveValue(value, context).then(
          () => 'resolved',
          (error: Error) => error.message,
        ),
      );
    expect(messages).toEqual(table.map(([, message]) => message));
  });
});

describe('evaluateConditions', () => {
  it('holds when every condition does', () => {
    const cmp = (Type: string, LeftValue: unknown, RightValue: unknown) => ({ Type, LeftValue, RightValue });
    const table: [unknown[], boolean][] = [
      [[cmp('GreaterThanOrEqualTo', 0.85, 0.85)], true],
      [[cmp('GreaterThanOrEqualTo', 0.84, 0.85)], false],
      [[cmp('GreaterThan', 0.85, 0.85)], false],
      [[cmp('LessThan', '1', 2)], true],
      [[cmp('LessThanOrEqualTo', 2, 2)], true],
      [[cmp('Equals', 'a', 'a')], true],
      [[cmp('NotEquals', 'a', 'a')], false],
      [[{ Type: 'In', QueryValue: 'b', Values: ['a', 'b'] }], true],
      [[{ Type: 'Not', Expression: cmp('Equals', 1, 1) }], false],
      [[{ Type: 'Or', Conditions: [cmp('Equals', 1, 2), cmp('Equals', 2, 2)] }], true],
      [[cmp('Equals', 1, 1), cmp('Equals', 1, 2)], false],
      [[], true],
    ];
    expect(table.map(([conditions]) => evaluateConditions(conditions as never))).toEqual(table.map(([, holds]) => holds));
    expect(() => evaluateConditions([cmp('GreaterThan', 'high', 1)] as never)).toThrow('"high" is not a number to compare');
  });
});

describe('isoDurationMs', () => {
  it('reads the durations CacheConfig.ExpireAfter gives', () => {
    const table: [string, number][] = [
      ['P30D', 30 * 86_400_000],
      ['PT1H', 3_600_000],
      ['P1DT2H30M', 86_400_000 + 2 * 3_600_000 + 30 * 60_000],
      ['PT0.5S', 500],
      ['P1W', 7 * 86_400_000],
      ['P1Y', 365 * 86_400_000],
    ];
    expect(table.map(([d]) => isoDurationMs(d))).toEqual(table.map(([, ms]) => ms));
    for (const bad of ['30D', 'P', 'PT', 'P1H'])
      expect(() => isoDurationMs(bad)).toThrow(`${JSON.stringify(bad)} is not an ISO 8601 duration`);
  });
});

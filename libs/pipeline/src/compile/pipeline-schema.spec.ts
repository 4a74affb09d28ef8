import * as fs from 'node:fs';
import { triagePipeline } from '../triage-pipeline/triage-pipeline';
import { compilePipeline } from './compile-pipeline';
import {
  PUBLISHED_SCHEMA_FILE,
  SAGEMAKER_ADDITIONS,
  publishedSchema,
  publishedSchemaGaps,
  schemaErrors,
  schemaWithSageMakerAdditions,
} from './test-support/pipeline-schema';

const triage = () => compilePipeline(triagePipeline());

/** The element, which the test knows is there. */
function at<T>(items: T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no element ${index}`);
  return item;
}

/**
 * Every place where the published schema (2022) rejects the triage pipeline, each something SageMaker accepts
 * and the SageMaker Python SDK emits; SAGEMAKER_ADDITIONS adds exactly these kinds.
 */
const PUBLISHED_SCHEMA_GAPS = [
  '/PipelineExperimentConfig: is not in the schema',
  '/Steps/0/Arguments/Environment/TRIAGE_SEED: Std:Join is not in the schema',
  '/Steps/0/CacheConfig: is not in the schema',
  '/Steps/0/RetryPolicies/0/ExceptionType: an array where the schema wants one string',
  '/Steps/0/RetryPolicies/1/ExceptionType: an array where the schema wants one string',
  '/Steps/1/Arguments/CheckpointConfig/S3Uri: Std:Join is not in the schema',
  '/Steps/1/Arguments/HyperParameters/batch-size: Std:Join is not in the schema',
  '/Steps/1/Arguments/HyperParameters/epochs: Std:Join is not in the schema',
  '/Steps/1/Arguments/HyperParameters/learning-rate: Std:Join is not in the schema',
  '/Steps/1/Arguments/HyperParameters/patience: Std:Join is not in the schema',
  '/Steps/1/Arguments/HyperParameters/seed: Std:Join is not in the schema',
  '/Steps/1/CacheConfig: is not in the schema',
  '/Steps/1/RetryPolicies/0/ExceptionType: an array where the schema wants one string',
  '/Steps/1/RetryPolicies/1/ExceptionType: an array where the schema wants one string',
  '/Steps/2/Arguments/ProcessingInputs/2/S3Input/S3Uri: Std:Join is not in the schema',
  '/Steps/2/Arguments/ProcessingOutputConfig/Outputs/0/S3Output/S3Uri: Std:Join is not in the schema',
  '/Steps/2/CacheConfig: is not in the schema',
  '/Steps/2/PropertyFiles: is not in the schema',
  '/Steps/2/RetryPolicies/0/ExceptionType: an array where the schema wants one string',
  '/Steps/2/RetryPolicies/1/ExceptionType: an array where the schema wants one string',
  '/Steps/3/Arguments/Conditions/0/LeftValue: Std:JsonGet is not in the schema',
  '/Steps/3/Arguments/ElseSteps/0/Arguments/ModelApprovalStatus: is not in the schema',
  '/Steps/3/Arguments/ElseSteps/0/Arguments/ModelMetrics/ModelQuality/Statistics/S3Uri: Std:Join is not in the schema',
  '/Steps/3/Arguments/ElseSteps/0/RetryPolicies/0/ExceptionType: an array where the schema wants one string',
  '/Steps/3/Arguments/IfSteps/0/Arguments/ModelApprovalStatus: is not in the schema',
  '/Steps/3/Arguments/IfSteps/0/Arguments/ModelMetrics/ModelQuality/Statistics/S3Uri: Std:Join is not in the schema',
  '/Steps/3/Arguments/IfSteps/0/RetryPolicies/0/ExceptionType: an array where the schema wants one string',
];

describe('the published pipeline definition schema', () => {
  it('is the vendored file, unmodified (54,168 characters of JSON)', () => {
    const text = fs.readFileSync(PUBLISHED_SCHEMA_FILE, 'utf8');
    expect(text.length).toBe(54168);
    expect(publishedSchema()['title']).toBe('SageMaker Pipeline Definition');
  });

  it('accepts the compiled triage pipeline with the SageMaker additions applied: no errors', () => {
    expect(schemaErrors(schemaWithSageMakerAdditions(), triage())).toEqual([]);
  });

  it('as published rejects the triage pipeline exactly where SageMaker accepts more than it says, and nowhere else', () => {
    const { gaps, unexplained } = publishedSchemaGaps(triage());
    expect(gaps).toEqual(PUBLISHED_SCHEMA_GAPS);
    expect(unexplained).toEqual([]);
    expect(schemaErrors(publishedSchema(), triage()).length).toBeGreaterThan(0);
  });

  it('as published accepts the triage pipeline once its SageMaker-only features are taken out', () => {
    const json = structuredClone(triage()) as unknown as Record<string, unknown>;
    const placeholder = 's3://placeholder/removed';
    const strip = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(strip);
      if (typeof value !== 'object' || value === null) return value;
      if ('Std:Join' in value || 'Std:JsonGet' in value) return placeholder;
      const out: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) {
        if (key === 'PipelineExperimentConfig' || key === 'CacheConfig' || key === 'PropertyFiles' || key === 'ModelApprovalStatus')
          continue;
        out[key] = key === 'ExceptionType' && Array.isArray(v) ? v[0] : strip(v);
      }
      return out;
    };
    expect(schemaErrors(publishedSchema(), strip(json))).toEqual([]);
  });

  it('lists each addition once', () => {
    expect(SAGEMAKER_ADDITIONS.map((a) => a.what.split(' ')[0])).toEqual([
      'Std:Join',
      'RetryPolicy.ExceptionType',
      'CacheConfig',
      'RegisterModel:',
      'PipelineExperimentConfig',
    ]);
  });

  describe.each([
    ['as published', publishedSchema],
    ['with the SageMaker additions', schemaWithSageMakerAdditions],
  ])('%s, rejects a broken definition with its own error', (_name, schema) => {
    it('a misspelt step Type: every step kind of the oneOf names its Type', () => {
      const json = structuredClone(triage()) as { Steps: { Type: string }[] };
      at(json.Steps, 0).Type = 'Procesing';
      const errors = schemaErrors(schema(), json).filter((e) => e.instancePath === '/Steps/0/Type');
      expect(errors.map((e) => [e.keyword, (e.params as { allowedValues: string[] }).allowedValues])).toEqual([
        ['enum', ['Condition']],
        ['enum', ['Training']],
        ['enum', ['Processing']],
        ['enum', ['Transform']],
        ['enum', ['Model']],
        ['enum', ['RegisterModel']],
        ['enum', ['Lambda']],
        ['enum', ['Callback']],
      ]);
    });

    it('no Steps: the one required property', () => {
      const { Steps: _steps, PipelineExperimentConfig: _experiment, ...json } = triage();
      expect(schemaErrors(schema(), json).map((e) => [e.instancePath, e.keyword, e.params])).toEqual([
        ['', 'required', { missingProperty: 'Steps' }],
      ]);
    });

    it('a step without its Name: each step kind requires it (Lambda and Callback their own fields too)', () => {
      const json = structuredClone(triage()) as unknown as { Steps: Record<string, unknown>[] };
      delete at(json.Steps, 1)['Name'];
      const required = schemaErrors(schema(), json).filter((e) => e.keyword === 'required' && e.instancePath === '/Steps/1');
      expect(required.map((e) => (e.params as { missingProperty: string }).missingProperty)).toEqual([
        'Name', // Condition
        'Name', // Training
        'Name', // Processing
        'Name', // Transform
        'Name', // Model
        'Name', // RegisterModel
        'Name', // Lambda
        'FunctionArn',
        'Name', // Callback
        'SqsQueueUrl',
      ]);
    });

    it('a parameter whose default is not of its type', () => {
      const json = structuredClone(triage()) as unknown as { Parameters: Record<string, unknown>[] };
      const index = json.Parameters.findIndex((p) => p['Name'] === 'AccuracyThreshold');
      at(json.Parameters, index)['DefaultValue'] = 'high';
      const errors = schemaErrors(schema(), json).filter((e) => e.instancePath === `/Parameters/${index}/DefaultValue`);
      expect(errors.map((e) => [e.keyword, e.params])).toEqual([
        ['type', { type: 'integer' }],
        ['type', { type: 'number' }],
        ['type', { type: 'boolean' }],
      ]);
    });
  });
});

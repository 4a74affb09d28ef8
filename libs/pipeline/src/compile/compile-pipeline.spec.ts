import { ConditionStep, compare } from '../definition/condition-step';
import { get, join } from '../definition/expressions';
import { floatParameter, integerParameter, stringParameter } from '../definition/parameters';
import { ProcessingStep } from '../definition/processing-step';
import { compilePipeline, PipelineDefinitionError, serializePipelineDefinition } from './compile-pipeline';

const processing = (name: string, extra: Partial<ConstructorParameters<typeof ProcessingStep>[1]> = {}) =>
  new ProcessingStep(name, {
    imageUri: 'image',
    roleArn: 'arn:aws:iam::000000000000:role/r',
    instanceType: 'ml.m5.xlarge',
    instanceCount: 1,
    volumeSizeInGb: 30,
    inputs: [],
    outputs: [{ name: 'out', source: '/opt/ml/processing/output/out', destination: 's3://b/out' }],
    ...extra,
  });

function problemsOf(build: () => unknown): readonly string[] {
  try {
    build();
  } catch (e) {
    if (e instanceof PipelineDefinitionError) return e.problems;
    throw e;
  }
  return [];
}

describe('compilePipeline', () => {
  it('writes the definition envelope SageMaker reads', () => {
    const json = compilePipeline({
      name: 'p',
      parameters: [stringParameter('S', 'x'), integerParameter('I'), floatParameter('F', 0.5)],
      steps: [processing('A')],
    });
    expect(Object.keys(json)).toEqual(['Version', 'Metadata', 'Parameters', 'Steps']);
    expect(json.Version).toBe('2020-12-01');
    expect(json.Parameters).toEqual([
      { Name: 'S', Type: 'String', DefaultValue: 'x' },
      { Name: 'I', Type: 'Integer' },
      { Name: 'F', Type: 'Float', DefaultValue: 0.5 },
    ]);
  });

  it.each([
    [
      'an undeclared parameter',
      () => [processing('A', { imageUri: get('Parameters.Nope') })],
      ['step A reads Parameters.Nope: no such parameter'],
    ],
    ['an unknown step', () => [processing('A', { imageUri: get('Steps.Nope.X') })], ['step A reads Steps.Nope.X: no such step']],
    ['its own property', () => [processing('A', { imageUri: join('/', [get('Steps.A.X')]) })], ['step A reads its own property Steps.A.X']],
    [
      'an unknown execution variable',
      () => [processing('A', { imageUri: get('Execution.Nope') })],
      ['step A reads Execution.Nope: no such execution variable'],
    ],
    ['an unknown namespace', () => [processing('A', { imageUri: get('Nope.X') })], ['step A reads Nope.X: unknown namespace']],
    ['DependsOn a missing step', () => [processing('A', { dependsOn: ['B'] })], ['step A depends on B, which is no step']],
    [
      'a name twice, one inside a branch',
      () => [processing('A'), new ConditionStep('C', { conditions: [compare('Equals', 1, 1)], ifSteps: [processing('A')], elseSteps: [] })],
      ['step A is defined twice'],
    ],
    ['a name SageMaker refuses', () => [processing('A b')], ['step name "A b" does not match ^[A-Za-z0-9\\-_]{1,64}$']],
  ])('refuses %s', (_what, steps, problems) => {
    expect(problemsOf(() => compilePipeline({ name: 'p', parameters: [], steps: steps() }))).toEqual(problems);
  });

  it('refuses a parameter declared twice', () => {
    expect(problemsOf(() => compilePipeline({ name: 'p', parameters: [stringParameter('S'), stringParameter('S')], steps: [] }))).toEqual([
      'parameter S is declared twice',
    ]);
  });

  it('lets a branch step read the steps before its condition step', () => {
    const a = processing('A');
    const c = new ConditionStep('C', {
      conditions: [compare('Equals', a.output('out'), 's3://b/out')],
      ifSteps: [processing('B', { imageUri: a.output('out') })],
      elseSteps: [],
    });
    expect(problemsOf(() => compilePipeline({ name: 'p', parameters: [], steps: [a, c] }))).toEqual([]);
  });

  it('is deterministic: the same definition gives byte-identical JSON', () => {
    const build = () => ({
      name: 'p',
      parameters: [floatParameter('F', 0.85)],
      steps: [processing('A', { environment: { B: 'b', A: get('Parameters.F') } })],
    });
    expect(serializePipelineDefinition(compilePipeline(build()))).toBe(serializePipelineDefinition(compilePipeline(build())));
  });
});

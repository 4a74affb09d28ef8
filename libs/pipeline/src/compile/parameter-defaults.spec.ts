import { compilePipeline } from './compile-pipeline';
import { withParameterDefaults } from './parameter-defaults';
import { booleanParameter, floatParameter, integerParameter, stringParameter } from '../definition/parameters';

const json = compilePipeline({
  name: 'p',
  parameters: [stringParameter('S', 'a'), integerParameter('I', 1), floatParameter('F', 0.5), booleanParameter('B', false)],
  steps: [],
});

const outcome = (values: Record<string, string>) => {
  try {
    return withParameterDefaults(json, values).Parameters.map((p) => p.DefaultValue);
  } catch (e) {
    return (e as Error).message;
  }
};

describe('withParameterDefaults', () => {
  it.each([
    [{}, ['a', 1, 0.5, false]],
    [{ S: 'b=c', I: '-3', F: '0.9', B: 'true' }, ['b=c', -3, 0.9, true]],
    [{ F: '1' }, ['a', 1, 1, false]],
    [{ I: '1.5' }, 'parameter I is Integer: "1.5" is not an integer'],
    [{ I: '9007199254740993' }, 'parameter I is Integer: "9007199254740993" is not a safe integer'],
    [{ F: 'high' }, 'parameter F is Float: "high" is not a number'],
    [{ F: '' }, 'parameter F is Float: "" is not a number'],
    [{ B: 'yes' }, 'parameter B is Boolean: "yes" is not true or false'],
    [{ X: '1' }, 'no parameter X (the parameters: S, I, F, B)'],
  ])('%j -> %j', (values, expected) => {
    expect(outcome(values)).toEqual(expected);
  });

  it('leaves the definition it was given as it was', () => {
    withParameterDefaults(json, { S: 'z' });
    expect(json.Parameters[0]).toEqual({ Name: 'S', Type: 'String', DefaultValue: 'a' });
  });
});

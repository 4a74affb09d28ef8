import { readStepArguments, type StepParameter } from './step-arguments';

const PARAMETERS: StepParameter[] = [
  { name: 'image-size', env: 'TRIAGE_IMAGE_SIZE', description: 'side' },
  { name: 'split-key', env: 'TRIAGE_SPLIT_KEY', description: 'key' },
];

describe('readStepArguments', () => {
  it.each([
    ['an argument with its value after it', ['--image-size', '96'], {}, { 'image-size': '96' }],
    ['an argument with =', ['--image-size=96'], {}, { 'image-size': '96' }],
    [
      'the environment when no argument is given',
      [],
      { TRIAGE_IMAGE_SIZE: '48', TRIAGE_SPLIT_KEY: 'k' },
      { 'image-size': '48', 'split-key': 'k' },
    ],
    ['the argument over the environment', ['--image-size', '96'], { TRIAGE_IMAGE_SIZE: '48' }, { 'image-size': '96' }],
    ['an empty variable as not given', [], { TRIAGE_IMAGE_SIZE: '' }, {}],
  ])('takes %s', (_name, argv, env, expected) => {
    expect(readStepArguments(PARAMETERS, argv, env).all()).toEqual(expected);
  });

  it.each([
    [['--image-sise', '96'], 'unknown argument "--image-sise"; accepted: --image-size (side), --split-key (key)'],
    [['image-size', '96'], 'unknown argument "image-size"; accepted: --image-size (side), --split-key (key)'],
    [['--image-size'], 'argument --image-size needs a value'],
  ])('refuses %j', (argv, message) => {
    expect(() => readStepArguments(PARAMETERS, argv, {})).toThrow(message);
  });

  it('reads typed, naming the parameter in the error', () => {
    expect(readStepArguments(PARAMETERS, ['--image-size', '96'], {}).integer('image-size', 64)).toBe(96);
    expect(() => readStepArguments(PARAMETERS, ['--image-size', 'big'], {}).integer('image-size', 64)).toThrow(
      'hyperparameter image-size is "big", not a number',
    );
  });
});

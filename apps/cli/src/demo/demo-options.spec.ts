import { demoOptions } from '../commands/demo';
import { CliError } from '../support/cli-error';
import { demoMlopsConfig } from './demo-options';

const DEFAULTS = {
  studies: '400',
  verify: '300',
  new: '50',
  seed: 'demo',
  size: '256',
  prevalence: '0.3',
  port: '0',
  triggerTimeout: '60',
  timeout: '900',
};

describe('triage demo options', () => {
  it('defaults: 400 studies, 300 verified, the trigger at 300 labels, a temporary data folder, the mlops.json of the demo', () => {
    const options = demoOptions(DEFAULTS);
    expect(options).toEqual({
      studies: 400,
      verify: 300,
      newStudies: 50,
      seed: 'demo',
      size: 256,
      prevalence: 0.3,
      minNewLabels: 300,
      keep: false,
      port: 0,
      triggerTimeoutMs: 60_000,
      timeoutMs: 900_000,
    });
    expect(demoMlopsConfig(options)).toEqual({ trigger: { minNewLabels: 300 }, promotion: { policy: 'auto' } });
  });

  it('writes the training settings given into mlops.json', () => {
    const options = demoOptions({ ...DEFAULTS, verify: '40', epochs: '2', batchSize: '8', accuracyThreshold: '0', minNewLabels: '30' });
    expect(demoMlopsConfig(options)).toEqual({
      trigger: { minNewLabels: 30 },
      promotion: { policy: 'auto' },
      accuracyThreshold: 0,
      hyperparameters: { epochs: 2, batchSize: 8 },
    });
  });

  it.each([
    [{ verify: '401' }, '--verify: 401 is more than the 400 studies'],
    [{ studies: '0' }, "--studies: '0' is not a positive integer"],
    [{ size: '32' }, '--size: 32 is below 64'],
    [{ prevalence: '1' }, "--prevalence: '1' is not a number between 0 and 1"],
    [{ prevalence: 'x' }, "--prevalence: 'x' is not a number between 0 and 1"],
    [{ accuracyThreshold: '1.5' }, "--accuracy-threshold: '1.5' is not a number between 0 and 1"],
    [{ port: '70000' }, '--port: 70000 is above the limit of 65535'],
    [{ epochs: '0' }, "--epochs: '0' is not a positive integer"],
  ])('%j is a usage error: %s', (flags, message) => {
    const attempt = () => demoOptions({ ...DEFAULTS, ...flags });
    expect(attempt).toThrow(new CliError(message, 2));
    expect(attempt).toThrow(expect.objectContaining({ exitCode: 2 }) as Error);
  });
});

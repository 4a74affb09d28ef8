import { DEFAULT_ENVIRONMENTS, environmentsFromContext, resolveEnvironment, selectedEnvironments } from './environments';

describe('selectedEnvironments', () => {
  it.each([
    [undefined, ['dev', 'staging', 'prod']],
    ['', ['dev', 'staging', 'prod']],
    ['all', ['dev', 'staging', 'prod']],
    ['prod', ['prod']],
    ['dev,staging', ['dev', 'staging']],
    [' dev , prod ', ['dev', 'prod']],
  ])('-c env=%j selects %j', (context, expected) => expect(selectedEnvironments(context)).toEqual(expected));

  it('refuses an unknown environment, naming the ones there are', () => {
    expect(() => selectedEnvironments('production')).toThrow(
      'unknown environment "production" (context env: one of dev, staging, prod, or all)',
    );
  });
});

describe('environmentsFromContext', () => {
  it('deploys every selected environment at the image tag CI pushed (--context=imageTag=<sha>), else the configured one', () => {
    const tags = (context: Record<string, unknown>) => environmentsFromContext((key) => context[key]).map((e) => [e.name, e.imageTag]);
    expect([tags({ env: 'dev,prod', imageTag: '0a1b2c3' }), tags({ env: 'dev', imageTag: '' }), tags({ env: 'dev' })]).toEqual([
      [
        ['dev', '0a1b2c3'],
        ['prod', '0a1b2c3'],
      ],
      [['dev', DEFAULT_ENVIRONMENTS.dev.imageTag]],
      [['dev', DEFAULT_ENVIRONMENTS.dev.imageTag]],
    ]);
  });

  it('applies cdk.json overrides (an object, or JSON text from -c) to the selected environments only', () => {
    const context: Record<string, unknown> = {
      env: 'staging,prod',
      'triage:environments': JSON.stringify({ prod: { account: '111122223333', region: 'eu-west-1' }, dev: { natGateways: 3 } }),
    };
    expect(environmentsFromContext((key) => context[key])).toEqual([
      DEFAULT_ENVIRONMENTS.staging,
      { ...DEFAULT_ENVIRONMENTS.prod, account: '111122223333', region: 'eu-west-1' },
    ]);
  });

  it('keeps the name an environment is selected by, whatever an override says', () => {
    expect(resolveEnvironment('dev', { dev: { name: 'prod' } as never }).name).toBe('dev');
  });
});

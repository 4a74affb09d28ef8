import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEPLOY_UNITS, UnknownAppError, planDeploy, planOutputs } from './deploy-plan';
import type { DeployPlan, DeploySelection } from './deploy-plan';

const BASE = '0123456789abcdef0123456789abcdef01234567';
const ALL_APPS = ['@triage/api', '@triage/cdk', '@triage/lambdas', '@triage/training', '@triage/viewer'];
const everything = (env: string): Omit<DeployPlan, 'build' | 'retag'> => ({
  apps: ALL_APPS,
  stacksBeforeImages: [`triage-${env}-foundation`, `triage-${env}-ml`],
  stacksAfterImages: [`triage-${env}-events`, `triage-${env}-api`, `triage-${env}-monitoring`],
});

/** What each selection deploys: the stacks in order, the images built and retagged. */
const PLANS: [string, DeploySelection, DeployPlan][] = [
  [
    'a first deployment: everything, both images built',
    { environment: 'dev', apps: 'affected', affected: [] },
    { ...everything('dev'), build: ['api', 'training'], retag: [] },
  ],
  [
    'nothing deployable affected (the CLI, the e2e suite, a tool): nothing deploys, no image moves',
    { environment: 'dev', apps: 'affected', affected: ['@triage/cli', '@triage/viewer-e2e', '@triage/bench'], base: BASE },
    { apps: [], stacksBeforeImages: [], stacksAfterImages: [], build: [], retag: [] },
  ],
  [
    'the API changed: its stack, its image built, the training image retagged',
    { environment: 'staging', apps: 'affected', affected: ['@triage/api', '@triage/cli', '@triage/catalog'], base: BASE },
    { apps: ['@triage/api'], stacksBeforeImages: [], stacksAfterImages: ['triage-staging-api'], build: ['api'], retag: ['training'] },
  ],
  [
    'the viewer changed: the API image serves it',
    { environment: 'dev', apps: 'affected', affected: ['@triage/viewer'], base: BASE },
    { apps: ['@triage/viewer'], stacksBeforeImages: [], stacksAfterImages: ['triage-dev-api'], build: ['api'], retag: ['training'] },
  ],
  [
    'a handler changed: the events stack alone, both images retagged',
    { environment: 'prod', apps: 'affected', affected: ['@triage/lambdas'], base: BASE },
    { apps: ['@triage/lambdas'], stacksBeforeImages: [], stacksAfterImages: ['triage-prod-events'], build: [], retag: ['api', 'training'] },
  ],
  [
    'training changed: the ML stack (its pipeline names the image) before the image',
    { environment: 'prod', apps: 'affected', affected: ['@triage/training'], base: BASE },
    { apps: ['@triage/training'], stacksBeforeImages: ['triage-prod-ml'], stacksAfterImages: [], build: ['training'], retag: ['api'] },
  ],
  [
    'a lib under every app changed (Nx reports them all): everything, both images built',
    { environment: 'staging', apps: 'affected', affected: [...ALL_APPS, '@triage/cli'].reverse(), base: BASE },
    { ...everything('staging'), build: ['api', 'training'], retag: [] },
  ],
  [
    'the CDK app changed: every stack, the images retagged',
    { environment: 'dev', apps: 'affected', affected: ['@triage/cdk'], base: BASE },
    { ...everything('dev'), apps: ['@triage/cdk'], build: [], retag: ['api', 'training'] },
  ],
  [
    'a release manager deploys the API alone, whatever else changed',
    { environment: 'prod', apps: ' api ', affected: ['@triage/cdk', '@triage/lambdas'], base: BASE },
    { apps: ['@triage/api'], stacksBeforeImages: [], stacksAfterImages: ['triage-prod-api'], build: ['api'], retag: ['training'] },
  ],
  [
    'a release manager names two apps, once in full',
    { environment: 'prod', apps: 'lambdas,@triage/training,lambdas', affected: [], base: BASE },
    {
      apps: ['@triage/lambdas', '@triage/training'],
      stacksBeforeImages: ['triage-prod-ml'],
      stacksAfterImages: ['triage-prod-events'],
      build: ['training'],
      retag: ['api'],
    },
  ],
  [
    'all: everything, both images built',
    { environment: 'dev', apps: 'all', affected: [], base: BASE },
    { ...everything('dev'), build: ['api', 'training'], retag: [] },
  ],
];

describe('planDeploy', () => {
  it.each(PLANS)('%s', (_, selection, expected) => {
    expect(planDeploy(selection)).toEqual(expected);
  });

  it("writes stacks comma-separated (run-cdk.mjs's --stacks) and images space-separated (provide-images.sh's loop)", () => {
    expect(planOutputs(planDeploy({ environment: 'prod', apps: 'affected', affected: [] })).split('\n')).toEqual([
      `apps=${ALL_APPS.join(' ')}`,
      'stacks-before-images=triage-prod-foundation,triage-prod-ml',
      'stacks-after-images=triage-prod-events,triage-prod-api,triage-prod-monitoring',
      'build=api training',
      'retag=',
      'deploys=true',
    ]);
  });

  it('refuses an app that deploys nothing, naming those that do', () => {
    expect(() => planDeploy({ environment: 'dev', apps: 'api,cli', affected: [], base: BASE })).toThrow(
      new UnknownAppError('"cli" deploys nothing: one of cdk, api, viewer, training, lambdas'),
    );
  });

  it('covers every app in apps/ that ships (the CLI runs on a workstation, the e2e suite in CI)', () => {
    const apps = fs.readdirSync(path.resolve(__dirname, '../../../../apps')).map((name) => `@triage/${name}`);
    expect(apps.filter((app) => !(app in DEPLOY_UNITS)).sort()).toEqual(['@triage/cli', '@triage/viewer-e2e']);
  });
});

describe('plan-deploy-cli.ts (deploy.yml runs it)', () => {
  const root = path.resolve(__dirname, '../../../..');
  const cli = (args: string[], env: Record<string, string> = {}) =>
    execFileSync(process.execPath, ['--import', 'tsx', 'tools/workspace/src/workflows/plan-deploy-cli.ts', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  it("prints the plan's step outputs and appends its summary, from Nx's affected list", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-plan-'));
    try {
      fs.writeFileSync(path.join(dir, 'affected.json'), JSON.stringify(['@triage/api', '@triage/cli']));
      const summary = path.join(dir, 'summary.md');
      const out = cli(['staging', 'affected', path.join(dir, 'affected.json'), BASE], { GITHUB_STEP_SUMMARY: summary });
      expect(out).toBe(
        `${planOutputs({ apps: ['@triage/api'], stacksBeforeImages: [], stacksAfterImages: ['triage-staging-api'], build: ['api'], retag: ['training'] })}\n`,
      );
      expect(out.split('\n')).toEqual([
        'apps=@triage/api',
        'stacks-before-images=',
        'stacks-after-images=triage-staging-api',
        'build=api',
        'retag=training',
        'deploys=true',
        '',
      ]);
      expect(fs.readFileSync(summary, 'utf8')).toBe(
        [
          '### Deploy plan: staging',
          '',
          `- Since: \`${BASE}\``,
          '- Apps (affected): `@triage/api`',
          '- Stacks: `triage-staging-api`',
          '- Images built: `api`; retagged from the last deployment: `training`',
          '',
        ].join('\n'),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 naming an unknown environment or app', () => {
    for (const args of [
      ['qa', 'affected', ''],
      ['dev', 'worker', ''],
    ]) {
      expect(() => cli(args)).toThrow(expect.objectContaining({ status: 2 }));
    }
  });
});

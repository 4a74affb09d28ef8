import * as fs from 'node:fs';
import * as path from 'node:path';
import { GITHUB_DIR, allJobs, readWorkflows } from './test-support/read-workflows';
import type { WorkflowJob, WorkflowStep } from './test-support/read-workflows';

// The release rules of docs/DEPLOYMENT.md, read from the workflows themselves (parsed as GitHub parses them).
// No GitHub here: what they do on a runner is not run; what they ask for (permissions, triggers, actions, commands) is checked.
const files = readWorkflows();
const jobs = allJobs(files);
const workflow = (file: string) => {
  const found = files.find((f) => f.file === file);
  if (!found) throw new Error(`.github/workflows/${file} is missing`);
  return found.workflow;
};
const steps = (job: WorkflowJob): WorkflowStep[] => job.steps ?? [];
const runs = (job: WorkflowJob) => steps(job).flatMap((s) => (s.run ? [s.run] : []));
const AWS_CREDENTIALS = 'aws-actions/configure-aws-credentials@';

/** Every job's permissions, exactly: write access only where a job uses it. */
const PERMISSIONS: Record<string, Record<string, string>> = {
  'ci.yml/affected': { actions: 'read', contents: 'read' },
  'deploy-dev.yml/dev': { contents: 'read', deployments: 'read', 'id-token': 'write' },
  'deploy-prod.yml/prod': { contents: 'read', deployments: 'read', 'id-token': 'write' },
  'deploy-staging.yml/staging': { contents: 'read', deployments: 'read', 'id-token': 'write' },
  'deploy.yml/deploy': { contents: 'read', 'id-token': 'write' },
  'deploy.yml/plan': { contents: 'read', deployments: 'read' },
  'security.yml/audit': { contents: 'read' },
  'security.yml/codeql': { contents: 'read', 'security-events': 'write' },
  'security.yml/dependency-review': { contents: 'read' },
};

/** Every third-party action, pinned to a full commit SHA, with the version its comment names (Dependabot moves both). */
const ACTIONS: Record<string, string> = {
  'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683': 'v4.2.2',
  'actions/dependency-review-action@3b139cfc5fae8b618d3eae3675e383bb1769c019': 'v4.5.0',
  'actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020': 'v4.4.0',
  'aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502': 'v4.0.2',
  'github/codeql-action/analyze@60168efe1c415ce0f5521ea06d5c2062adbeed1b': 'v3.28.17',
  'github/codeql-action/init@60168efe1c415ce0f5521ea06d5c2062adbeed1b': 'v3.28.17',
  'nrwl/nx-set-shas@3e9ad7370203c1e93d109be57f3b72eb0eb511b1': 'v4.4.0',
};

describe('the GitHub workflows', () => {
  it('grant nothing by default, and each job exactly the permissions in the table', () => {
    expect(files.map((f) => [f.file, f.workflow.permissions])).toEqual(files.map((f) => [f.file, {}]));
    expect(Object.fromEntries(jobs.map(([id, job]) => [id, job.permissions]))).toEqual(PERMISSIONS);
  });

  it("call the reusable deploy workflow with at least what its jobs ask for (a caller's grant bounds the callee's)", () => {
    const needed = Object.assign({}, ...Object.values(workflow('deploy.yml').jobs).map((job) => job.permissions)) as Record<string, string>;
    const callers = jobs.filter(([, job]) => job.uses === './.github/workflows/deploy.yml');
    expect(callers.map(([id]) => id)).toEqual(['deploy-dev.yml/dev', 'deploy-prod.yml/prod', 'deploy-staging.yml/staging']);
    for (const [, caller] of callers) expect(caller.permissions).toEqual(needed);
  });

  it("bound every job in time (a call of a reusable workflow takes its jobs' limits)", () => {
    const limits = Object.fromEntries(jobs.map(([id, job]) => [id, job.uses === undefined ? job['timeout-minutes'] : 'reusable']));
    expect(limits).toEqual({
      'ci.yml/affected': 60,
      'deploy-dev.yml/dev': 'reusable',
      'deploy-prod.yml/prod': 'reusable',
      'deploy-staging.yml/staging': 'reusable',
      'deploy.yml/deploy': 120,
      'deploy.yml/plan': 20,
      'security.yml/audit': 15,
      'security.yml/codeql': 30,
      'security.yml/dependency-review': 10,
    });
  });

  it('pin every third-party action to a full commit SHA, its version in a comment', () => {
    const uses = files.flatMap(({ text }) => [...text.matchAll(/uses:\s*(\S+)(?:\s+#\s*(\S+))?/g)].map((m) => [m[1], m[2]]));
    const thirdParty = uses.filter(([action]) => !action?.startsWith('./'));
    expect(Object.fromEntries(thirdParty)).toEqual(ACTIONS);
    for (const [action] of thirdParty) expect(action).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
  });

  it('reach AWS only through the OIDC role of the GitHub environment: no stored keys, id-token only where credentials are made', () => {
    for (const { file, text } of files) {
      expect([file, /aws-access-key-id|aws-secret-access-key|secrets\.AWS_|AWS_SECRET_ACCESS_KEY/i.test(text)]).toEqual([file, false]);
    }
    const assuming = jobs.filter(([, job]) => steps(job).some((s) => s.uses?.startsWith(AWS_CREDENTIALS)));
    expect(assuming.map(([id]) => id)).toEqual(['deploy.yml/deploy']);
    const [[, deploy] = ['', {} as WorkflowJob]] = assuming;
    const credentials = steps(deploy).find((s) => s.uses?.startsWith(AWS_CREDENTIALS));
    expect(credentials?.with).toEqual({
      'role-to-assume': '${{ vars.AWS_DEPLOY_ROLE_ARN }}',
      'role-session-name': 'triage-deploy-${{ inputs.environment }}-${{ github.run_id }}',
      'aws-region': '${{ vars.AWS_REGION }}',
      'mask-aws-account-id': true,
    });
    // The job that holds credentials is the one behind the environment's gate (prod: its required reviewers).
    expect(deploy.environment).toBe('${{ inputs.environment }}');
    const withIdToken = jobs.filter(([, job]) => typeof job.permissions === 'object' && job.permissions['id-token'] === 'write');
    expect(withIdToken.map(([id]) => id)).toEqual([
      'deploy-dev.yml/dev',
      'deploy-prod.yml/prod',
      'deploy-staging.yml/staging',
      'deploy.yml/deploy',
    ]);
  });

  it('deploy dev on pushes to main, staging on release tags or by hand, prod by hand only, each to its own environment', () => {
    const call = (file: string) => Object.values(workflow(file).jobs).map((job) => [job.uses, job.with?.['environment']]);
    expect(call('deploy-dev.yml')).toEqual([['./.github/workflows/deploy.yml', 'dev']]);
    expect(call('deploy-staging.yml')).toEqual([['./.github/workflows/deploy.yml', 'staging']]);
    expect(call('deploy-prod.yml')).toEqual([['./.github/workflows/deploy.yml', 'prod']]);
    expect(Object.keys(workflow('deploy-dev.yml').on)).toEqual(['push', 'workflow_dispatch']);
    expect(workflow('deploy-dev.yml').on['push']).toEqual({ branches: ['main'], 'paths-ignore': ['docs/**', '**/*.md'] });
    expect(workflow('deploy-staging.yml').on['push']).toEqual({ tags: ['v*'] });
    expect(Object.keys(workflow('deploy-prod.yml').on)).toEqual(['workflow_dispatch']);
    expect(Object.keys(workflow('deploy.yml').on)).toEqual(['workflow_call']);
  });

  it('deploy through `nx run @triage/cdk:deploy` for the environment, never the CDK CLI directly', () => {
    const all = jobs.flatMap(([, job]) => runs(job));
    const deploys = all.filter((run) => /\bcdk\b.*\bdeploy\b/.test(run));
    expect(deploys).toEqual([
      'npx nx run @triage/cdk:deploy --configuration="$ENVIRONMENT" --stacks="$STACKS" --context=imageTag="$IMAGE_TAG" ${CERTIFICATE_ARN:+--context=triage:certificateArn="$CERTIFICATE_ARN"} --require-approval=never',
      'npx nx run @triage/cdk:deploy --configuration="$ENVIRONMENT" --stacks="$STACKS" --context=imageTag="$IMAGE_TAG" ${CERTIFICATE_ARN:+--context=triage:certificateArn="$CERTIFICATE_ARN"} --require-approval=never',
    ]);
    expect(all.filter((run) => /(^|\s)(npx )?cdk (deploy|destroy)/.test(run))).toEqual([]);
    // Only the apps changed since the environment's last deployment (or those a release manager names).
    const plan = runs(workflow('deploy.yml').jobs['plan'] ?? {}).join('\n');
    expect(plan).toContain('npx nx show projects --affected --base="$BASE" --head="$GITHUB_SHA" --json');
    expect(plan).toContain('tools/workspace/src/workflows/plan-deploy-cli.ts');
    const images = path.join(GITHUB_DIR, 'scripts/provide-images.sh');
    expect(runs(workflow('deploy.yml').jobs['deploy'] ?? {})).toContain('.github/scripts/provide-images.sh');
    expect(fs.statSync(images).mode & 0o111).toBe(0o111);
  });

  it('run CI on what a change affects: lint, type-check, test and build', () => {
    const ci = runs(workflow('ci.yml').jobs['affected'] ?? {});
    expect(ci).toContain('npx nx affected -t lint typecheck test build --base="$NX_BASE" --head="$NX_HEAD" --outputStyle=stream');
    expect(Object.keys(workflow('ci.yml').on)).toEqual(['push', 'pull_request']);
  });

  it('scan dependencies: npm audit (high) on pull requests, main and weekly; dependency review and CodeQL on pull requests', () => {
    const security = workflow('security.yml');
    expect(Object.keys(security.on)).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch']);
    expect(runs(security.jobs['audit'] ?? {})).toEqual(['npm audit --audit-level=high']);
    expect(security.jobs['dependency-review']?.if).toBe("github.event_name == 'pull_request'");
    expect(steps(security.jobs['dependency-review'] ?? {}).map((s) => s.with)).toEqual([
      { 'persist-credentials': false },
      { 'fail-on-severity': 'high' },
    ]);
    expect(steps(security.jobs['codeql'] ?? {}).map((s) => s.uses?.split('@')[0])).toEqual([
      'actions/checkout',
      'github/codeql-action/init',
      'github/codeql-action/analyze',
    ]);
  });
});

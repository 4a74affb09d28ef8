import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateChestStudies } from '@triage/sample-data';
import { root, runCli, type CliRun } from '../test-support/run-cli';
import { startUp, type RunningUp } from '../test-support/running-up';

// A small demo end to end through the real API process and the real pipeline steps (two epochs on 64x64).
// It needs the MLOps loop wired into the API (openLoop in apps/api/src/main.ts): the trigger, the promotion
// policy and the scoring of new image sets are the loop's.
jest.setTimeout(300_000);

const adminToken = 'demo-spec-admin-token-0123456789';
const GROUP = 'triage-chest-xray';

interface Execution {
  PipelineExecutionArn: string;
  PipelineExecutionStatus: string;
  CreatedBy: string;
}

interface Version {
  arn: string;
  version: number;
  approvalStatus: string;
  promoted: boolean;
  lineage: { pipelineExecutionArn?: string };
}

interface Row {
  studyInstanceUid: string;
  label?: { verified: boolean; finding: string; origin: { kind: string; principal?: string; role?: string } };
  prediction?: { modelVersion: string; priority: number };
}

describe('triage demo (small) through the real API', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-demo-spec-'));
  const dataDir = path.join(tmp, 'data');
  const newStudies = [...generateChestStudies({ count: 10, seed: 'e2e-new', size: 64, pneumoniaFraction: 0.3 })];
  let demo: CliRun;
  let up: RunningUp;

  const get = async <T>(p: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(new URL(p, up.url), {
      ...init,
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    demo = await runCli(
      [
        'demo',
        ...['--studies', '60', '--verify', '40', '--new', '10', '--size', '64', '--seed', 'e2e'],
        ...['--epochs', '2', '--batch-size', '8', '--accuracy-threshold', '0'],
        ...['--data-dir', dataDir, '--keep', '--trigger-timeout', '60', '--timeout', '180'],
      ],
      { TRIAGE_API_ENTRY: path.join(root, 'apps/api/src/main.ts'), TRIAGE_LOG_LEVEL: 'warn' },
    );
    // The kept data folder, opened again to read what the demo left through the API.
    up = await startUp(dataDir, { TRIAGE_ADMIN_TOKEN: adminToken });
  });
  afterAll(async () => {
    await up?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('ends with exit code 0 and the stage times', () => {
    expect({ code: demo.code, output: demo.code === 0 ? '' : demo.stdout + demo.stderr }).toEqual({ code: 0, output: '' });
    expect(demo.stdout.match(/^== .*$/gm)).toEqual([
      '== 1/6 starting the platform',
      '== 2/6 60 synthetic chest radiographs, stored through STOW-RS',
      '== 3/6 40 labels verified by demo-clinician through the label API',
      '== 4/6 the trigger starts the pipeline; the registry decides',
      `== 5/6 10 new studies, triaged by ${GROUP}/1`,
      '== 6/6 times',
    ]);
    expect(demo.stdout).toMatch(/^ {2}total +\d+\.\d s$/m);
  });

  it('wrote the demo mlops.json into the data folder before the start', () => {
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'mlops.json'), 'utf8'))).toEqual({
      trigger: { minNewLabels: 40 },
      promotion: { policy: 'auto' },
      accuracyThreshold: 0,
      hyperparameters: { epochs: 2, batchSize: 8 },
    });
  });

  it('verified 40 labels as the clinician; the trigger, not a person, started the one run; it registered version 1, promoted by the policy', async () => {
    const { executions } = await get<{ executions: Execution[] }>('api/pipelines/executions');
    // libs/mlops's pipeline-trigger starts a run on verified labels as `trigger:labels`; a person's run says their token's name.
    expect(executions.map((e) => [e.PipelineExecutionStatus, e.CreatedBy])).toEqual([['Succeeded', 'trigger:labels']]);
    expect(demo.stdout).toContain('started by trigger:labels\n');
    const { versions } = await get<{ versions: Version[] }>(`api/models/groups/${GROUP}/versions`);
    expect(versions.map((v) => [v.version, v.approvalStatus, v.promoted, v.lineage.pipelineExecutionArn])).toEqual([
      [1, 'Approved', true, executions[0].PipelineExecutionArn],
    ]);
    const { serving } = await get<{ serving: { version: number; promotedBy: { principal: string } }[] }>(
      `api/models/groups/${GROUP}/serving`,
    );
    expect(serving.map((p) => [p.version, p.promotedBy.principal])).toEqual([[1, 'policy:model-registry']]);
    const { items } = await get<{ items: Row[] }>('api/worklist/search', {
      method: 'POST',
      body: JSON.stringify({ limit: 500, sort: 'updatedAt' }),
    });
    const truth = new Map(
      [...generateChestStudies({ count: 40, seed: 'e2e', size: 64, pneumoniaFraction: 0.3 })].map((s) => [s.studyInstanceUid, s.label]),
    );
    // Each of the first 40 studies verified with the generator's truth, by the demo's clinician token (as the viewer labels).
    expect(
      items
        .filter((r) => r.label?.verified)
        .map((r) => [r.studyInstanceUid, r.label?.finding, r.label?.origin.kind, r.label?.origin.principal])
        .sort(),
    ).toEqual([...truth].map(([uid, finding]) => [uid, finding, 'clinician', 'demo-clinician']).sort());
  });

  it('scored every new study with the promoted version, and said how many urgent ones it put in the first tenth', async () => {
    const { versions } = await get<{ versions: Version[] }>(`api/models/groups/${GROUP}/versions`);
    const { items } = await get<{ items: Row[] }>('api/worklist/search', {
      method: 'POST',
      body: JSON.stringify({ limit: 500, sort: 'updatedAt' }),
    });
    const byStudy = new Map(items.map((r) => [r.studyInstanceUid, r]));
    expect(newStudies.map((s) => byStudy.get(s.studyInstanceUid)?.prediction?.modelVersion)).toEqual(newStudies.map(() => versions[0].arn));
    const urgent = newStudies.filter((s) => s.label === 'pneumonia').length;
    expect(demo.stdout).toMatch(
      new RegExp(
        `headline: [01] of the ${urgent} urgent \\(pneumonia\\) studies in the first tenth of the worklist \\(its top 1 of 10\\); by chance ${(urgent / 10).toFixed(1)}\\n`,
      ),
    );
    expect(demo.stdout).toMatch(/AUC of the priority on these 10 studies: (\d\.\d{3}|n\/a \(one class only\))\n/);
  });
});

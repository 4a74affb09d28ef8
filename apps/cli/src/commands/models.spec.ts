import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { CliError } from '../support/cli-error';
import { root } from '../test-support/run-cli';
import { parseVersionRef, registerModels } from './models';

// The model routes run in their own process (apps/api's serve-models.ts over a real LocalModelRegistry,
// with the real auth and errors plugins); the commands run here, as program.ts will register them.
jest.setTimeout(60_000);

const DATE = /^\d{4}-\d\d-\d\dT[\d:.]+Z$/;
const PIPELINE = { principal: 'pipeline:exec-1' };
const SEED = [
  {
    groupName: 'chest-xray',
    approvalStatus: 'Approved',
    modelDataUrl: 's3://triage-models/chest-xray/1/model.tar.gz',
    imageUri: 'triage/inference:local',
    description: 'first ResNet',
    metrics: {
      auc: { value: 0.912, ci95: [0.88, 0.94] },
      accuracy: { value: 0.85 },
      reportUri: 's3://triage-models/chest-xray/1/report.html',
    },
    lineage: { datasetSnapshotHash: 'sha256:abc', codeVersion: 'c0ffee' },
    customerMetadata: { finding: 'pneumonia' },
    registeredBy: PIPELINE,
  },
  {
    groupName: 'chest-xray',
    approvalStatus: 'PendingManualApproval',
    modelDataUrl: 's3://triage-models/chest-xray/2/model.tar.gz',
    imageUri: 'triage/inference:local',
    metrics: { auc: { value: 0.931, ci95: [0.9, 0.96] } },
    registeredBy: PIPELINE,
  },
  {
    groupName: 'brain-ct',
    approvalStatus: 'Rejected',
    modelDataUrl: 's3://triage-models/brain-ct/1/model.tar.gz',
    imageUri: 'triage/inference:local',
    registeredBy: PIPELINE,
  },
];

interface Served {
  child: ChildProcess;
  url: string;
  tokens: Record<'ada' | 'dana' | 'carol' | 'otto', string>;
}

function serveModels(dataDir: string, seedFile: string): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@triage/source',
        '--import',
        'tsx',
        path.join(root, 'apps/api/src/models/test-support/serve-models.ts'),
        dataDir,
        seedFile,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve({ child, ...(JSON.parse(line) as Omit<Served, 'child'>) });
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`serve-models exited ${code}: ${err}`)));
  });
}

/** Runs `triage models ...` in-process as run() in program.ts does: stdout, stderr and the exit code. */
async function models(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const program = new Command('triage').exitOverride();
  registerModels(program);
  let stdout = '';
  let stderr = '';
  for (const command of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)])
    command.exitOverride().configureOutput({ writeErr: (s) => (stderr += s), writeOut: (s) => (stdout += s) });
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  try {
    await program.parseAsync(['models', ...args], { from: 'user' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode === 0 ? 0 : 2, stdout, stderr };
    if (error instanceof CliError) return { code: error.exitCode, stdout, stderr: `${stderr}triage: ${error.message}\n` };
    throw error;
  } finally {
    write.mockRestore();
  }
}

const cells = (stdout: string) =>
  stdout
    .trimEnd()
    .split('\n')
    .map((l) => l.split(/ {2,}/));

describe('triage models against the model routes', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-models-cli-'));
  let served: Served;
  const as = (who: keyof Served['tokens'], ...args: string[]) => models([...args, '--url', served.url, '--token', served.tokens[who]]);

  beforeAll(async () => {
    const seedFile = path.join(tmp, 'seed.json');
    fs.writeFileSync(seedFile, JSON.stringify(SEED));
    served = await serveModels(path.join(tmp, 'data'), seedFile);
  });
  afterAll(async () => {
    if (served && served.child.exitCode === null) {
      served.child.removeAllListeners('exit');
      const exited = new Promise((resolve) => served.child.once('exit', resolve));
      served.child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("lists groups, then one group's versions, as tables and as JSON", async () => {
    const groups = await as('dana', 'list');
    expect({ code: groups.code, rows: cells(groups.stdout) }).toEqual({
      code: 0,
      rows: [
        ['GROUP', 'VERSIONS', 'LATEST', 'PROMOTED', 'CREATED'],
        ['brain-ct', '1', '1', '-', expect.stringMatching(DATE)],
        ['chest-xray', '2', '2', '-', expect.stringMatching(DATE)],
      ],
    });
    const versions = await as('dana', 'list', '--group', 'chest-xray');
    expect(cells(versions.stdout)).toEqual([
      ['VERSION', 'APPROVAL', 'PROMOTED', 'AUC', 'ACCURACY', 'CREATED', 'REGISTERED BY'],
      ['2', 'PendingManualApproval', '', '0.931 (0.900-0.960)', '', expect.stringMatching(DATE), 'pipeline:exec-1'].filter((c) => c !== ''),
      ['1', 'Approved', '', '0.912 (0.880-0.940)', '0.850', expect.stringMatching(DATE), 'pipeline:exec-1'].filter((c) => c !== ''),
    ]);
    const json = await as('dana', 'list', '--group', 'chest-xray', '--status', 'Approved', '--json');
    expect((JSON.parse(json.stdout) as { version: number; approvalStatus: string }[]).map((v) => [v.version, v.approvalStatus])).toEqual([
      [1, 'Approved'],
    ]);
  });

  it('shows one version field by field', async () => {
    const shown = await as('dana', 'show', 'chest-xray/1');
    expect(shown.code).toBe(0);
    expect(
      shown.stdout
        .trimEnd()
        .split('\n')
        .map((l) => /^([^:]+):\s+(.*)$/.exec(l)?.slice(1)),
    ).toEqual([
      ['Version', 'chest-xray/1'],
      ['ARN', 'arn:aws:sagemaker:local:000000000000:model-package/chest-xray/1'],
      ['Approval', 'Approved'],
      ['Registered', expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z by pipeline:exec-1$/)],
      ['Description', 'first ResNet'],
      ['Model data', 's3://triage-models/chest-xray/1/model.tar.gz'],
      ['Image', 'triage/inference:local'],
      ['AUC', '0.912 (0.880-0.940)'],
      ['ACCURACY', '0.850'],
      ['Report', 's3://triage-models/chest-xray/1/report.html'],
      ['Lineage datasetSnapshotHash', 'sha256:abc'],
      ['Lineage codeVersion', 'c0ffee'],
      ['Metadata finding', 'pneumonia'],
    ]);
    expect(
      JSON.parse((await as('dana', 'show', 'arn:aws:sagemaker:local:000000000000:model-package/chest-xray/1', '--json')).stdout),
    ).toMatchObject({
      arn: 'arn:aws:sagemaker:local:000000000000:model-package/chest-xray/1',
      promoted: false,
    });
  });

  it('approves, promotes and rolls back with reasons; refusals are one line from the server', async () => {
    expect(await as('dana', 'approve', 'chest-xray/2', '--reason', 'AUC above the bar')).toEqual({
      code: 0,
      stdout: 'approved chest-xray/2\n',
      stderr: '',
    });
    expect(await as('dana', 'promote', 'chest-xray/1', '--reason', 'go live')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'triage: models promote chest-xray/1: HTTP 403: the role data-scientist may not perform models.promote\n',
    });
    expect((await as('ada', 'promote', 'chest-xray/1', '--reason', 'go live')).stdout).toBe(
      'promoted chest-xray/1: it scores new studies now\n',
    );
    expect(await as('ada', 'rollback', 'chest-xray', '--reason', 'nothing before')).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(/^triage: models rollback chest-xray: HTTP 409: .*no earlier one to roll back to\n$/),
    });
    expect((await as('ada', 'promote', 'chest-xray/2', '--reason', 'better AUC')).code).toBe(0);
    expect(await as('dana', 'reject', 'chest-xray/2', '--reason', 'false positives')).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringMatching(/^triage: models reject chest-xray\/2: HTTP 409: .*roll back/),
    });
    expect((await as('ada', 'rollback', 'chest-xray', '--reason', 'false positives')).stdout).toBe(
      'rolled back chest-xray: chest-xray/1 scores new studies now\n',
    );
    expect((await as('dana', 'reject', 'chest-xray/2', '--reason', 'false positives')).stdout).toBe('rejected chest-xray/2\n');

    expect(cells((await as('dana', 'history', 'chest-xray')).stdout).map((r) => r.slice(1))).toEqual([
      ['ACTION', 'VERSION', 'BY', 'REASON'],
      ['registered', '1', 'pipeline:exec-1'],
      ['registered', '2', 'pipeline:exec-1'],
      ['approved', '2', 'dana (data-scientist)', 'AUC above the bar'],
      ['promoted', '1', 'ada (admin)', 'go live'],
      ['demoted', '1', 'ada (admin)', 'better AUC'],
      ['promoted', '2', 'ada (admin)', 'better AUC'],
      ['rolled-back', '2', 'ada (admin)', 'false positives'],
      ['promoted', '1', 'ada (admin)', 'false positives'],
      ['rejected', '2', 'dana (data-scientist)', 'false positives'],
    ]);
    expect(cells((await as('dana', 'history', 'chest-xray', '--serving')).stdout).map((r) => [r[0], r[2], r[3], r[4]])).toEqual([
      ['VERSION', 'UNTIL', 'BY', 'REASON'],
      ['1', expect.stringMatching(DATE), 'ada (admin)', 'go live'],
      ['2', expect.stringMatching(DATE), 'ada (admin)', 'better AUC'],
      ['1', '(serving)', 'ada (admin)', 'false positives'],
    ]);
    expect(cells((await as('otto', 'list')).stderr)).toEqual([
      ['triage: models list: HTTP 403: the role auditor may not perform models.read'],
    ]);
  });

  it('refuses bad arguments before sending anything (exit 2)', async () => {
    const table: [string[], RegExp][] = [
      [['show', 'chest-xray'], /GROUP\/VERSION/],
      [['show', 'chest_xray/1'], /GROUP\/VERSION/],
      [['show', 'chest-xray/0'], /GROUP\/VERSION/],
      [['approve', 'chest-xray/1'], /--reason/],
      [['rollback', '-bad', '--reason', 'x'], /.+/],
      [['list', '--status', 'Maybe', '--group', 'chest-xray'], /--status/],
      [['list', '--status', 'Approved'], /--status needs --group/],
    ];
    const seen = [];
    for (const [args, message] of table) {
      const run = await models([...args, '--url', 'http://127.0.0.1:9']);
      seen.push({ args, code: run.code, message: message.test(run.stderr) });
    }
    expect(seen).toEqual(table.map(([args]) => ({ args, code: 2, message: true })));
    expect(parseVersionRef('arn:aws:sagemaker:us-east-1:123456789012:model-package/chest-xray/12')).toEqual({
      group: 'chest-xray',
      version: 12,
    });
  });
});

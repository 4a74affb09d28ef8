import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../test-support/run-cli';
import { startUp, type RunningUp } from '../test-support/running-up';

const adminToken = 'pipeline-e2e-spec-admin-token-0123';

// The whole loop of issue 11 through the real API process: the real steps (preprocess, train on wasm, evaluate) as child processes.
jest.setTimeout(300_000);

interface Version {
  version: number;
  approvalStatus: string;
  metrics: { accuracy?: { value: number } };
  lineage: { pipelineExecutionArn?: string; datasetSnapshotHash?: string };
}

describe('triage pipeline run against the real API, over verified synthetic radiographs', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-pipeline-e2e-'));
  let up: RunningUp;
  const cli = (...args: string[]) => runCli([...args, '--url', up.url, '--token', adminToken]);

  beforeAll(async () => {
    up = await startUp(path.join(tmp, 'data'), { TRIAGE_ADMIN_TOKEN: adminToken });
  });
  afterAll(async () => {
    await up.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('exports the verified labels, runs every step, and registers a version whose approval follows its test accuracy', async () => {
    expect((await cli('sample', 'verified', '--count', '40', '--size', '64', '--seed', 'e2e')).code).toBe(0);

    const run = await cli('pipeline', 'run', '--wait', '--interval', '500', '--parameter', 'Epochs=2', '--parameter', 'BatchSize=8');
    expect(run.code).toBe(0);
    const steps = new Map(
      run.stdout
        .split('\n')
        .slice(-8)
        .map((line) => line.split(/\s{2,}/))
        .map(([name, status]) => [name, status]),
    );

    const listed = await cli('models', 'list', '--group', 'triage-chest-xray', '--json');
    expect(listed.code).toBe(0);
    const versions = JSON.parse(listed.stdout) as Version[];
    expect(versions).toHaveLength(1);
    const [version] = versions;
    const accuracy = version.metrics.accuracy?.value as number;
    const approved = accuracy >= 0.85;
    expect(version.approvalStatus).toBe(approved ? 'Approved' : 'PendingManualApproval');
    expect([...steps]).toEqual(
      expect.arrayContaining([
        ['Preprocess', 'Succeeded'],
        ['Train', 'Succeeded'],
        ['Evaluate', 'Succeeded'],
        ['CheckAccuracy', 'Succeeded'],
        ['RegisterApproved', approved ? 'Succeeded' : 'Not executed'],
        ['RegisterPending', approved ? 'Not executed' : 'Succeeded'],
      ]),
    );
    expect(version.lineage.pipelineExecutionArn).toMatch(/^arn:aws:sagemaker:local:000000000000:pipeline\/triage-model\/execution\//);
    expect(version.lineage.datasetSnapshotHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { root, runCli, type CliRun } from '../test-support/run-cli';

// A version below the bar: the demo says so, tells how to approve it, and ends after stage 4 with exit code 0.
// Like demo.spec.ts it needs the MLOps loop wired into the API (the trigger starts the run).
jest.setTimeout(240_000);

describe('triage demo with a version below the bar', () => {
  let demo: CliRun;

  beforeAll(async () => {
    demo = await runCli(
      [
        'demo',
        ...['--studies', '30', '--verify', '20', '--new', '5', '--size', '64', '--seed', 'e2e-pending'],
        ...['--epochs', '1', '--batch-size', '8', '--accuracy-threshold', '1'],
        ...['--trigger-timeout', '60', '--timeout', '180'],
      ],
      { TRIAGE_API_ENTRY: path.join(root, 'apps/api/src/main.ts'), TRIAGE_LOG_LEVEL: 'warn' },
    );
  });

  it('stops after the model stage with exit code 0, saying the version stays PendingManualApproval and how to approve it', () => {
    expect({ code: demo.code, output: demo.code === 0 ? '' : demo.stdout + demo.stderr }).toEqual({ code: 0, output: '' });
    expect(demo.stdout.match(/^== .*$/gm)).toEqual([
      '== 1/6 starting the platform',
      '== 2/6 30 synthetic chest radiographs, stored through STOW-RS',
      '== 3/6 20 labels verified by demo-clinician through the label API',
      '== 4/6 the trigger starts the pipeline; the registry decides',
      '== times',
    ]);
    expect(demo.stdout).toContain('   registered triage-chest-xray/1: PendingManualApproval\n');
    expect(demo.stdout).toMatch(/^ {3}decision: PendingManualApproval \(test accuracy \d\.\d{3} < 1\)$/m);
    expect(demo.stdout).toContain('triage-chest-xray/1 stays PendingManualApproval: its test accuracy is below the bar');
    expect(demo.stdout).toContain('npm run triage -- models approve triage-chest-xray/1 --reason "reviewed the evaluation"');
  });

  it('removed the temporary data folder it made (no --keep)', () => {
    const dataDir = /^ {3}data in (\S+) /m.exec(demo.stdout)?.[1];
    expect(dataDir && path.isAbsolute(dataDir)).toBe(true);
    expect(fs.existsSync(dataDir as string)).toBe(false);
  });
});

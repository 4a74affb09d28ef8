import { spawn, type ChildProcessByStdio } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { LocalEventBus } from '@triage/events';
import { PipelineError } from '../pipeline-runner';
import { LocalPipelineRunner, pipelinesDir } from './local-pipeline-runner';
import { WORKSPACE_ROOT } from './image-commands';
import { fakeDefinition } from './test-support/fake-definition';
import { fakeImages, runs } from './test-support/fake-steps';
import { recordStatusEvents } from './test-support/status-events';
import { waitForEnd, waitForFile } from './test-support/wait-for-execution';

jest.setTimeout(60_000);

describe('a runner SIGKILLed mid-step, then started again', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-runner-restart-'));
  const dataDir = path.join(dir, 'data');
  const markerDir = path.join(dir, 'markers');
  const release = path.join(dir, 'release');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('resumes the step whose retry policy allows another attempt, fails the other visibly, and leaves nothing Executing', async () => {
    fs.mkdirSync(markerDir, { recursive: true });
    fs.mkdirSync(path.join(dataDir, 's3', 'bucket', 'raw'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 's3', 'bucket', 'raw', 'a.txt'), 'patient-a normal');
    const started = (name: string) => path.join(dir, `${name}-started`);
    const waiting = (name: string, retries?: number) =>
      fakeDefinition({
        markerDir,
        preprocessOnly: true,
        preprocessImage: 'fake/waiting:1',
        preprocessEnvironment: { STARTED_FILE: started(name), RELEASE_FILE: release, WHICH: name },
        preprocessRetries: retries,
      });
    const definitions = path.join(dir, 'definitions.json');
    fs.writeFileSync(definitions, JSON.stringify([waiting('resumable', 1), waiting('without-retries')]));

    const child = spawn(
      process.execPath,
      [
        '--conditions=@triage/source',
        '--import',
        'tsx',
        path.join(__dirname, 'test-support/detached-runner.ts'),
        dataDir,
        path.join(dir, 'bin'),
        definitions,
        path.join(dir, 'killed-runner-events.sqlite'),
      ],
      { cwd: WORKSPACE_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const arns = firstLines(child, 2);
    await waitForFile(started('resumable'));
    await waitForFile(started('without-retries'));
    const orphans = [await readPid(started('resumable')), await readPid(started('without-retries'))];
    // One runner per data directory while it lives.
    await expect(LocalPipelineRunner.open({ dataDir })).rejects.toEqual(
      new PipelineError('ConflictException', `another pipeline runner (pid ${child.pid}) uses ${path.join(dataDir, 'pipelines')}`),
    );
    // A step may start before the runner has printed its execution's ARN: kill only once both are read.
    const [resumable, withoutRetries] = await arns;
    // And before the runner has copied its first line into the attempt's log: a runner killed then loses it.
    for (const arn of [resumable, withoutRetries]) await waitForLogLine(dataDir, arn, 'wait starts');
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // The killed runner's step processes still run (silent: nothing told them): the next runner must end them.
    expect(orphans.map(isRunning)).toEqual([true, true]);

    // A lock whose pid now belongs to another process (same pid, other start time) is stale.
    fs.writeFileSync(path.join(dataDir, 'pipelines', 'runner.pid'), `${process.ppid} 1`);
    const bus = await LocalEventBus.open({ file: path.join(dir, 'events.sqlite') });
    const seen = recordStatusEvents(bus);
    const runner = await LocalPipelineRunner.open({
      dataDir,
      images: fakeImages(path.join(dir, 'bin')),
      retryIntervalScale: 0,
      outbox: bus,
    });
    try {
      expect(orphans.map(isRunning)).toEqual([false, false]);
      // Released only now: a step released before the recovery would finish unsupervised instead of being killed.
      fs.writeFileSync(release, '');
      const ended = [await waitForEnd(runner, resumable), await waitForEnd(runner, withoutRetries)];
      expect(ended.map((e) => ({ status: e.PipelineExecutionStatus, reason: e.FailureReason }))).toEqual([
        { status: 'Succeeded', reason: undefined },
        { status: 'Failed', reason: 'step Preprocess failed: interrupted by a restart (attempt 1 of 1)' },
      ]);
      const steps = [];
      for (const arn of [resumable, withoutRetries])
        for (const s of await runner.listExecutionSteps(arn))
          steps.push({ status: s.StepStatus, attempts: s.AttemptCount, reason: s.FailureReason });
      expect(steps).toEqual([
        { status: 'Succeeded', attempts: 2, reason: undefined },
        { status: 'Failed', attempts: 1, reason: 'interrupted by a restart (attempt 1 of 1)' },
      ]);
      expect(runs(markerDir, 'wait')).toBe(3);
      // The resumed attempt found the interrupted one's checkpoints.
      expect(fs.readFileSync(path.join(dataDir, 's3/bucket/pipeline/preprocess/train/data.txt'), 'utf8')).toBe(
        'waited; attempts in the checkpoints: 2',
      );
      const firstAttempt = await runner.readStepLog(resumable, 'Preprocess', { attempt: 1 });
      let text = '';
      for await (const chunk of firstAttempt.stream) text += String(chunk);
      expect(text).toBe(
        'wait starts\n[runner] killed 1 process(es) of this attempt that ran on after the runner stopped\n' +
          '[runner] interrupted by a restart; resumed as attempt 2\n',
      );
      expect((await runner.listExecutions()).map((e) => e.PipelineExecutionStatus).sort()).toEqual(['Failed', 'Succeeded']);
      // The killed runner's Executing (in the runner's own database, its outbox) is delivered once one attaches it; then the end.
      await bus.settled();
      expect([seen.of(resumable), seen.of(withoutRetries)]).toEqual([
        [
          { status: 'Executing', ended: false },
          { status: 'Succeeded', previous: 'Executing', ended: true },
        ],
        [
          { status: 'Executing', ended: false },
          { status: 'Failed', previous: 'Executing', ended: true },
        ],
      ]);
    } finally {
      await runner.close();
      await bus.close();
    }
  });
});

describe('a runner SIGKILLed while a step and its helper run, and the step leader died too (its broken pipe)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-runner-orphans-'));
  const dataDir = path.join(dir, 'data');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('kills the helper the leader left behind before the step runs again, so nothing of the old attempt still writes', async () => {
    fs.mkdirSync(path.join(dataDir, 's3', 'bucket', 'raw'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 's3', 'bucket', 'raw', 'a.txt'), 'patient-a normal');
    const started = path.join(dir, 'started');
    const helperFile = path.join(dir, 'helper');
    const release = path.join(dir, 'release');
    const definitions = path.join(dir, 'definitions.json');
    const definition = fakeDefinition({
      markerDir: dir,
      preprocessOnly: true,
      preprocessImage: 'fake/waiting:1',
      preprocessEnvironment: { STARTED_FILE: started, RELEASE_FILE: release, HELPER_FILE: helperFile },
      preprocessRetries: 1,
    });
    fs.writeFileSync(definitions, JSON.stringify([definition]));
    const child = spawn(
      process.execPath,
      [
        '--conditions=@triage/source',
        '--import',
        'tsx',
        path.join(__dirname, 'test-support/detached-runner.ts'),
        dataDir,
        path.join(dir, 'bin'),
        definitions,
      ],
      { cwd: WORKSPACE_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [arn] = await firstLines(child, 1);
    const [leader, helper] = [await readPid(started), await readPid(helperFile)];
    await waitForLogLine(dataDir, arn, 'wait starts');
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // The leader alone dies (as a step does at its next write to the dead runner's pipe); its helper runs on.
    process.kill(leader, 'SIGKILL');
    while (isRunning(leader)) await new Promise((resolve) => setTimeout(resolve, 20));
    expect([isRunning(leader), isRunning(helper)]).toEqual([false, true]);

    const runner = await LocalPipelineRunner.open({ dataDir, images: fakeImages(path.join(dir, 'bin')), retryIntervalScale: 0 });
    try {
      expect(isRunning(helper)).toBe(false);
      fs.writeFileSync(release, '');
      const ended = await waitForEnd(runner, arn);
      expect({ status: ended.PipelineExecutionStatus, reason: ended.FailureReason }).toEqual({ status: 'Succeeded', reason: undefined });
      let text = '';
      for await (const chunk of (await runner.readStepLog(arn, 'Preprocess', { attempt: 1 })).stream) text += String(chunk);
      expect(text).toBe(
        'wait starts\n[runner] killed 1 process(es) of this attempt that ran on after the runner stopped\n' +
          '[runner] interrupted by a restart; resumed as attempt 2\n',
      );
    } finally {
      await runner.close();
    }
  });
});

/** The first `count` lines a child prints (the detached runner's ARNs). */
function firstLines(child: ChildProcessByStdio<null, Readable, null>, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      const lines = text.split('\n');
      if (lines.length > count) resolve(lines.slice(0, count));
    });
    child.on('exit', (code) => reject(new Error(`the detached runner exited (${code}) after printing ${JSON.stringify(text)}`)));
  });
}

/** Polls until the first attempt of the execution's Preprocess step has `line` in its log (read from the runner's data directory). */
async function waitForLogLine(dataDir: string, arn: string, line: string): Promise<void> {
  const id = arn.split('/').pop() ?? arn;
  const log = path.join(pipelinesDir(dataDir), 'executions', id, 'steps', 'Preprocess', 'logs', 'attempt-1.log');
  while (!(fs.existsSync(log) && fs.readFileSync(log, 'utf8').split('\n').includes(line)))
    await new Promise((resolve) => setTimeout(resolve, 20));
}

/** The pid a step wrote into `file`, once it is all there (the file exists a moment before its content). */
async function readPid(file: string): Promise<number> {
  await waitForFile(file);
  for (;;) {
    const pid = Number(fs.readFileSync(file, 'utf8'));
    if (Number.isInteger(pid) && pid > 0) return pid;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Whether a process runs (a zombie waiting for its reaper does not). */
function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

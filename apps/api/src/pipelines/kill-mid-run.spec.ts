import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipelinesDir } from '@triage/pipeline';
import { startServer, type ServerProcess } from '../test-support/server-process';
import { apiJson, apiText, pollExecution, type ExecutionAnswer } from './test-support/pipeline-api';
import { isRunning, processesWithMlRoot } from './test-support/step-processes';
import { storeVerifiedSamples } from './test-support/store-verified-samples';

const TOKEN = 'kill-mid-run-admin-token-0123456789';
const ENDED = ['Succeeded', 'Failed', 'Stopped'];
const RUNNING = ['Starting', 'Executing', 'Stopping'];

// Two server starts, 20 small radiographs and a run of two epochs trained twice: bounds for a loaded 2-core machine, never timings.
jest.setTimeout(180_000);

/** How long a step took, from its first start to its end (a resumed step counts its interrupted attempt too). */
function seconds(step: { StartTime?: string; EndTime?: string }): string {
  return step.StartTime && step.EndTime ? ((Date.parse(step.EndTime) - Date.parse(step.StartTime)) / 1000).toFixed(1) : '?';
}

describe('the API SIGKILLed while a pipeline run trains, then started again on the same data directory', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-kill-mid-run-'));
  const env = { TRIAGE_DATA_DIR: dataDir, TRIAGE_SAMPLES: '0', TRIAGE_ADMIN_TOKEN: TOKEN, TRIAGE_CODEC_WORKERS: '1' };
  let server: ServerProcess | undefined;
  let trainRoot = '';

  afterAll(async () => {
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    // Whatever of the run is still alive goes with the test (there should be nothing).
    for (const pid of trainRoot ? processesWithMlRoot(trainRoot) : []) process.kill(pid, 'SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes the interrupted Train step as its next attempt: the run ends, no step is left Executing, and no process of the killed attempt lives on', async () => {
    server = await startServer(env);
    await storeVerifiedSamples(server.url, TOKEN, { count: 20, size: 64, seed: 'kill-mid-run' });
    const started = await apiJson<{ PipelineExecutionArn: string }>(
      server.url,
      TOKEN,
      'POST',
      '/api/pipelines/executions',
      { parameters: { Epochs: 2, BatchSize: 8 } },
      201,
    );
    const id = started.PipelineExecutionArn.split('/').pop() as string;
    trainRoot = path.join(pipelinesDir(dataDir), 'executions', id, 'steps', 'Train', 'ml');

    // Train is Executing and has reported progress (it is training, writing to its pipe and its /opt/ml): the kill comes now.
    const url = server.url;
    const training = await pollExecution(
      url,
      TOKEN,
      id,
      (a) => a.steps.some((s) => s.StepName === 'Train' && s.StepStatus === 'Executing' && s.Progress !== undefined),
      90_000,
    );
    const killed = processesWithMlRoot(trainRoot);
    const killedIn = training.steps.find((s) => s.StepName === 'Train')?.Progress?.phase;
    const killedAt = Date.now();
    server.child.kill('SIGKILL');
    expect(await server.exited).toBe('SIGKILL');
    server = undefined;
    // As a real crash leaves them: the step runs in its own process group, so the API's SIGKILL does not reach it; it
    // is orphaned, and ends at its next write to the dead API's pipe, or is killed by the next runner's recovery.
    const orphanedAtKill = killed.filter(isRunning).length;
    expect(killed).toHaveLength(1);

    server = await startServer(env);
    // The runner recovered (before the API listened): nothing of the killed attempt runs any more.
    expect(killed.filter(isRunning)).toEqual([]);

    const ended = await pollExecution(server.url, TOKEN, id, (a) => ENDED.includes(a.execution.PipelineExecutionStatus), 120_000);
    const summary = (a: ExecutionAnswer) => ({
      status: a.execution.PipelineExecutionStatus,
      ...(a.execution.FailureReason !== undefined && { reason: a.execution.FailureReason }),
      steps: a.steps.map((s) => [s.StepName.replace(/^Register(Approved|Pending)$/, 'Register'), s.StepStatus, s.AttemptCount]),
    });
    expect(summary(ended)).toEqual({
      status: 'Succeeded',
      steps: [
        ['Preprocess', 'Succeeded', 1],
        ['Train', 'Succeeded', 2],
        ['Evaluate', 'Succeeded', 1],
        ['CheckAccuracy', 'Succeeded', 0],
        ['Register', 'Succeeded', 1],
      ],
    });
    expect(ended.steps.filter((s) => RUNNING.includes(s.StepStatus))).toEqual([]);
    // The interrupted attempt's log ends saying so (and, before that, whether the recovery had to kill it: it died of
    // its broken pipe first, or it still ran).
    const log = await apiText(server.url, TOKEN, `/api/pipelines/executions/${id}/steps/Train/log?attempt=1`);
    expect(log).toMatch(/\[runner\] interrupted by a restart; resumed as attempt 2\n$/);
    const killedByRecovery = /\[runner\] killed (\d+) process/.exec(log)?.[1] ?? '0';
    process.stdout.write(
      `kill mid-run: killed in Train's ${killedIn} phase with ${killed.length} Train process(es), ${orphanedAtKill} still running right after the kill, ` +
        `${killedByRecovery} killed by the restart's recovery; ` +
        `restart to end of the run ${Date.now() - killedAt} ms; steps (s): ${ended.steps.map((st) => `${st.StepName} ${seconds(st)}`).join(', ')}\n`,
    );
  });
});

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Command } from 'commander';
import type { PipelineExecution, PipelineExecutionStep } from '@triage/pipeline';
import { CliError } from '../support/cli-error';
import { registerPipeline } from './pipeline';

// An HTTP server answering in the API's shapes (apps/api/src/pipelines, whose own spec runs them
// over a real runner): what the CLI sends and how it draws what comes back. Once program.ts
// registers the command, the end-to-end spec against `triage up` belongs with the CLI's others.

const ARN = 'arn:aws:sagemaker:local:000000000000:pipeline/triage-chest/execution/abc123';

const execution = (status: PipelineExecution['PipelineExecutionStatus'], failure?: string): PipelineExecution => ({
  PipelineArn: 'arn:aws:sagemaker:local:000000000000:pipeline/triage-chest',
  PipelineExecutionArn: ARN,
  PipelineExecutionStatus: status,
  CreationTime: '2026-12-05T06:00:00.000Z',
  LastModifiedTime: '2026-12-05T06:01:00.000Z',
  CreatedBy: 'dana',
  PipelineParameters: [{ Name: 'Epochs', Value: '3' }],
  StepNames: ['Preprocess', 'Train', 'Evaluate'],
  ...(failure && { FailureReason: failure }),
});

const preprocess: PipelineExecutionStep = {
  StepName: 'Preprocess',
  StepType: 'Processing',
  StepStatus: 'Succeeded',
  AttemptCount: 0,
  Metadata: {},
  CacheHitResult: { SourcePipelineExecutionArn: 'arn:aws:sagemaker:local:000000000000:pipeline/triage-chest/execution/old999' },
};
const training = (progress: PipelineExecutionStep['Progress']): PipelineExecutionStep => ({
  StepName: 'Train',
  StepType: 'Training',
  StepStatus: 'Executing',
  AttemptCount: 1,
  Metadata: {},
  Progress: progress,
  Log: { attempt: 1, location: '/data/pipelines/executions/abc123/steps/Train/logs/attempt-1.log' },
});
const failedTraining: PipelineExecutionStep = {
  ...training(undefined),
  StepStatus: 'Failed',
  AttemptCount: 2,
  FailureReason: 'out of memory',
};

/** What GET /api/pipelines/executions/abc123 answers, one state per request (the last repeats). */
const STATES = [
  { execution: execution('Executing'), steps: [preprocess, training({ phase: 'epoch', done: 1, total: 4, metrics: { loss: 0.6931 } })] },
  {
    execution: execution('Executing'),
    steps: [preprocess, training({ phase: 'epoch', done: 3, total: 4, metrics: { loss: 0.25, accuracy: 0.875 } })],
  },
  { execution: execution('Failed', 'step Train failed after 2 attempts: out of memory'), steps: [preprocess, failedTraining] },
];
const LOG = 'train starts\nepoch 1\nepoch 2\nfailed: out of memory\n';

describe('triage pipeline', () => {
  let server: http.Server;
  let url: string;
  let requests: { method: string; url: string; body: string }[];
  let state = 0;
  let logServed = 0;
  let triggerBusy = false;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (d: Buffer) => (body += d.toString()));
      request.on('end', () => {
        requests.push({ method: request.method ?? '', url: request.url ?? '', body });
        const { pathname, searchParams } = new URL(request.url ?? '', 'http://x');
        const json = (status: number, value: unknown) => {
          response
            .writeHead(status, { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' })
            .end(JSON.stringify(value));
        };
        if (request.method === 'POST' && pathname === '/api/pipelines/executions') return json(201, execution('Executing'));
        if (request.method === 'POST' && pathname === '/api/pipelines/trigger')
          return triggerBusy
            ? json(409, { type: 'about:blank', title: 'Conflict', status: 409, detail: 'a run of triage-chest-xray is in flight: abc123' })
            : json(201, execution('Executing'));
        if (request.method === 'POST' && pathname === '/api/pipelines/executions/abc123/stop') return json(200, execution('Stopped'));
        if (pathname === '/api/pipelines/executions')
          return json(200, { executions: [execution('Failed', 'step Train failed after 2 attempts: out of memory')] });
        if (pathname === '/api/pipelines/executions/abc123') return json(200, STATES[Math.min(state++, STATES.length - 1)]);
        if (pathname === '/api/pipelines/executions/abc123/steps/Train/log') {
          // The log grows by half between the first request and the next.
          const offset = Number(searchParams.get('offset'));
          const size = logServed++ === 0 ? LOG.indexOf('epoch 2') : LOG.length;
          response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-log-size': String(size) }).end(LOG.slice(offset, size));
          return;
        }
        json(404, { type: 'about:blank', title: 'Not Found', status: 404, detail: `no execution ${pathname.split('/').pop()}` });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    requests = [];
    state = 0;
    logServed = 0;
  });

  /** Runs `triage pipeline ...` in-process; stdout and the error it ended with. */
  async function cli(...args: string[]): Promise<{ stdout: string; error?: CliError }> {
    const program = new Command('triage').exitOverride();
    registerPipeline(program);
    let stdout = '';
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += Buffer.from(chunk).toString('utf8');
      return true;
    });
    try {
      await program.parseAsync(['pipeline', ...args, '--url', url, '--token', 'ds-token'], { from: 'user' });
      return { stdout };
    } catch (error) {
      if (error instanceof CliError) return { stdout, error };
      throw error;
    } finally {
      write.mockRestore();
    }
  }

  it('run --wait sends the parameters, redraws each change, and fails with the reason', async () => {
    const { stdout, error } = await cli('run', '--parameter', 'Epochs=3', '--parameter', 'Note=a=b', '--wait', '--interval', '10');
    expect(requests[0]).toEqual({
      method: 'POST',
      url: '/api/pipelines/executions',
      body: JSON.stringify({ parameters: { Epochs: '3', Note: 'a=b' } }),
    });
    expect(stdout.split('\n')).toEqual([
      `started abc123 (${ARN})`,
      'execution abc123  Executing  created 2026-12-05T06:00:00.000Z by dana',
      'STEP        STATUS                          ATTEMPTS  PROGRESS',
      'Preprocess  Succeeded (cached from old999)',
      'Train       Executing                       1         [#####---------------]  25% epoch 1/4 loss=0.693',
      'Evaluate    Pending',
      'execution abc123  Executing  created 2026-12-05T06:00:00.000Z by dana',
      'STEP        STATUS                          ATTEMPTS  PROGRESS',
      'Preprocess  Succeeded (cached from old999)',
      'Train       Executing                       1         [###############-----]  75% epoch 3/4 loss=0.250 accuracy=0.875',
      'Evaluate    Pending',
      'execution abc123  Failed  created 2026-12-05T06:00:00.000Z by dana',
      'STEP        STATUS                          ATTEMPTS  PROGRESS',
      'Preprocess  Succeeded (cached from old999)',
      'Train       Failed                          2',
      'Evaluate    Not executed',
      'Train failed: out of memory',
      'execution failed: step Train failed after 2 attempts: out of memory',
      '',
    ]);
    expect(error?.message).toBe('execution abc123 Failed: step Train failed after 2 attempts: out of memory');
  });

  it('trigger starts through the loop (no body: its configured parameters) and says why when a run is in flight', async () => {
    triggerBusy = false;
    const started = await cli('trigger');
    triggerBusy = true;
    const refused = await cli('trigger');
    expect(requests.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual(['POST /api/pipelines/trigger ', 'POST /api/pipelines/trigger ']);
    expect(started.stdout).toBe(`started abc123 (${ARN})\n`);
    expect(refused.error?.message).toContain('a run of triage-chest-xray is in flight: abc123');
  });

  it('status without an id shows the latest execution; list is a table', async () => {
    state = 2;
    const status = await cli('status');
    expect(requests.map((r) => r.url)).toEqual(['/api/pipelines/executions?limit=1', '/api/pipelines/executions/abc123']);
    expect(status.stdout.split('\n').slice(0, 2)).toEqual([
      'execution abc123  Failed  created 2026-12-05T06:00:00.000Z by dana',
      'STEP        STATUS                          ATTEMPTS  PROGRESS',
    ]);
    expect((await cli('list')).stdout).toBe(
      'ID      STATUS  CREATED                   BY    NAME  FAILURE\n' +
        'abc123  Failed  2026-12-05T06:00:00.000Z  dana        step Train failed after 2 attempts: out of memory\n',
    );
  });

  it('logs --follow prints what the step writes, from where it left off, until the execution ends', async () => {
    const { stdout } = await cli('logs', ARN, '--step', 'Train', '--follow', '--interval', '10');
    expect(stdout).toBe(LOG);
    expect(requests.filter((r) => r.url.includes('/log')).map((r) => r.url)).toEqual([
      '/api/pipelines/executions/abc123/steps/Train/log?attempt=1&offset=0',
      `/api/pipelines/executions/abc123/steps/Train/log?attempt=1&offset=${LOG.indexOf('epoch 2')}`,
      `/api/pipelines/executions/abc123/steps/Train/log?attempt=1&offset=${LOG.length}`,
    ]);
  });

  it('stop names the execution and its status', async () => {
    expect((await cli('stop', ARN)).stdout).toBe('abc123 Stopped\n');
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/pipelines/executions/abc123/stop']);
  });

  it('refuses a malformed parameter and names an unknown execution', async () => {
    expect((await cli('run', '--parameter', 'Epochs')).error).toEqual(new CliError('--parameter "Epochs": expected NAME=VALUE', 2));
    expect((await cli('status', 'nope')).error?.message).toBe('pipeline status: HTTP 404: no execution nope');
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { LocalPipelineRunner } from '@triage/pipeline';
import type { Principal } from '@triage/platform';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { authPlugin } from '../plugins/auth';
import { errorsPlugin } from '../plugins/errors';
import { DEFAULT_MLOPS_CONFIG, SqliteTriggerState, SILENT_TOOLS, pipelineParameters, pipelineTrigger } from '@triage/mlops';
import { pipelineRoutes, type PipelineRoutesOptions } from './pipeline-routes';

jest.setTimeout(60_000);

const TOKENS: Record<string, Principal> = {
  'ds-token': { name: 'dana', role: 'data-scientist' },
  'clinician-token': { name: 'cleo', role: 'clinician' },
};

/** A one-step program standing in for a container: a log line, a progress line, an output; with WAIT_FOR set it waits for that file first. */
const STEP_PROGRAM = `
const fs = require('fs'), path = require('path');
const finish = () => {
  console.log('hello from ' + process.argv[3]);
  process.stdout.write('TRIAGE_PROGRESS ' + JSON.stringify({ phase: 'work', done: 1, total: 1 }) + '\\n');
  const out = path.join(process.env.TRIAGE_ML_ROOT, 'processing/output/result');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'result.txt'), 'ok');
};
if (process.env.WAIT_FOR) {
  fs.writeFileSync(process.env.WAIT_FOR + '.started', '');
  setInterval(() => { if (fs.existsSync(process.env.WAIT_FOR)) { finish(); process.exit(0); } }, 20);
} else finish();
`;

/** A SageMaker definition of one Processing step (its image the program above) with one parameter. */
function definition(waitFor: string | undefined): object {
  return {
    Version: '2020-12-01',
    Metadata: {},
    Parameters: [{ Name: 'Label', Type: 'String', DefaultValue: 'default' }],
    Steps: [
      {
        Name: 'Hello',
        Type: 'Processing',
        Arguments: {
          ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 } },
          AppSpecification: {
            ImageUri: 'local/hello:1',
            ContainerEntrypoint: ['hello'],
            ContainerArguments: [{ Get: 'Parameters.Label' }],
          },
          RoleArn: 'arn:aws:iam::000000000000:role/triage-pipeline',
          ProcessingOutputConfig: {
            Outputs: [
              {
                OutputName: 'result',
                S3Output: {
                  S3Uri: { 'Std:Join': { On: '/', Values: ['s3://bucket/results', { Get: 'Execution.PipelineExecutionId' }] } },
                  LocalPath: '/opt/ml/processing/output/result',
                  S3UploadMode: 'EndOfJob',
                },
              },
            ],
          },
          ...(waitFor && { Environment: { WAIT_FOR: waitFor } }),
        },
      },
    ],
  };
}

async function serve(
  runner: LocalPipelineRunner,
  def: object,
  prepareRun?: () => Promise<Record<string, string>>,
  startThroughTrigger?: PipelineRoutesOptions['startThroughTrigger'],
): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  await app.register(errorsPlugin);
  await app.register(cookie);
  await app.register(authPlugin, { authenticator: { authenticate: (token) => (token ? TOKENS[token] : undefined) } });
  await app.register(pipelineRoutes, { runner, definition: def, pipelineName: 'triage-chest', prepareRun, startThroughTrigger });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app: app as unknown as FastifyInstance, url };
}

describe('/api/pipelines over a LocalPipelineRunner', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-pipeline-routes-'));
  const program = path.join(dir, 'hello.js');
  const release = path.join(dir, 'release');
  let runner: LocalPipelineRunner;
  let plain: { app: FastifyInstance; url: string };
  let waiting: { app: FastifyInstance; url: string };

  beforeAll(async () => {
    fs.writeFileSync(program, STEP_PROGRAM);
    runner = await LocalPipelineRunner.open({
      dataDir: path.join(dir, 'data'),
      images: [{ image: 'local/hello:1', command: [process.execPath, program] }],
    });
    plain = await serve(runner, definition(undefined), async () => ({ Label: 'prepared' }));
    waiting = await serve(runner, definition(release), async () => ({ Label: 'prepared' }));
  });
  afterAll(async () => {
    await plain.app.close();
    await waiting.app.close();
    await runner.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = (base: string, method: string, url: string, body?: unknown, token = 'ds-token') =>
    fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  async function waitForEnd(id: string): Promise<{ execution: Record<string, unknown>; steps: Record<string, unknown>[] }> {
    for (;;) {
      const got = (await (await call(plain.url, 'GET', `/api/pipelines/executions/${id}`)).json()) as {
        execution: { PipelineExecutionStatus: string };
        steps: Record<string, unknown>[];
      };
      if (!['Executing', 'Stopping'].includes(got.execution.PipelineExecutionStatus)) return got;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('starts an execution with a parameter, shows it with its steps and progress, serves its log and the definition', async () => {
    const started = await call(plain.url, 'POST', '/api/pipelines/executions', {
      parameters: { Label: 'chest' },
      displayName: 'from the API',
    });
    expect(started.status).toBe(201);
    const execution = (await started.json()) as { PipelineExecutionArn: string };
    const id = execution.PipelineExecutionArn.split('/').pop() ?? '';
    expect(execution).toMatchObject({
      PipelineExecutionStatus: 'Executing',
      CreatedBy: 'dana',
      PipelineExecutionDisplayName: 'from the API',
      PipelineParameters: [{ Name: 'Label', Value: 'chest' }],
      StepNames: ['Hello'],
    });
    const ended = await waitForEnd(id);
    expect(ended.execution['PipelineExecutionStatus']).toBe('Succeeded');
    expect(
      ended.steps.map(({ StepName, StepStatus, AttemptCount, Progress }) => ({ StepName, StepStatus, AttemptCount, Progress })),
    ).toEqual([{ StepName: 'Hello', StepStatus: 'Succeeded', AttemptCount: 1, Progress: { phase: 'work', done: 1, total: 1 } }]);

    const log = await call(plain.url, 'GET', `/api/pipelines/executions/${id}/steps/Hello/log`);
    const text = await log.text();
    expect({
      status: log.status,
      type: log.headers.get('content-type'),
      attempt: log.headers.get('x-log-attempt'),
      complete: log.headers.get('x-log-complete'),
    }).toEqual({
      status: 200,
      type: 'text/plain; charset=utf-8',
      attempt: '1',
      complete: 'true',
    });
    expect(text).toBe('hello from chest\nTRIAGE_PROGRESS {"phase":"work","done":1,"total":1}\n');
    expect(log.headers.get('x-log-size')).toBe(String(Buffer.byteLength(text)));
    expect(await (await call(plain.url, 'GET', `/api/pipelines/executions/${id}/steps/Hello/log?offset=6`)).text()).toBe(text.slice(6));

    const listed = (await (await call(plain.url, 'GET', '/api/pipelines/executions?limit=1')).json()) as {
      executions: { PipelineExecutionArn: string }[];
    };
    expect(listed.executions.map((e) => e.PipelineExecutionArn)).toEqual([execution.PipelineExecutionArn]);
    expect(await (await call(plain.url, 'GET', '/api/pipelines/definition')).json()).toEqual(definition(undefined));
  });

  it('starts with what prepareRun gives, and stops a running execution', async () => {
    const started = (await (await call(waiting.url, 'POST', '/api/pipelines/executions', {})).json()) as {
      PipelineExecutionArn: string;
      PipelineParameters: unknown;
    };
    // No override: the parameter prepareRun gave.
    expect(started.PipelineParameters).toEqual([{ Name: 'Label', Value: 'prepared' }]);
    const id = started.PipelineExecutionArn.split('/').pop() ?? '';
    while (!fs.existsSync(`${release}.started`)) await new Promise((r) => setTimeout(r, 20));
    const stopped = await call(waiting.url, 'POST', `/api/pipelines/executions/${id}/stop`);
    expect({
      status: stopped.status,
      execution: ((await stopped.json()) as { PipelineExecutionStatus: string }).PipelineExecutionStatus,
    }).toEqual({
      status: 200,
      execution: 'Stopped',
    });
    expect((await waitForEnd(id)).steps.map((s) => s['StepStatus'])).toEqual(['Stopped']);
  });

  it('with the loop, starts by hand through its trigger: a second start while one runs is a 409 naming it', async () => {
    // The definition declares the parameters the loop's config sets (the real triage pipeline's names).
    const config = { ...DEFAULT_MLOPS_CONFIG, pipelineName: 'triage-chest' };
    const base = definition(release) as { Parameters: { Name: string; Type: string; DefaultValue: unknown }[] };
    const def = {
      ...base,
      Parameters: [
        ...base.Parameters,
        ...Object.entries(pipelineParameters(config)).map(([Name, value]) => ({
          Name,
          Type: typeof value === 'number' ? 'Float' : 'String',
          DefaultValue: value,
        })),
      ],
    };
    const state = SqliteTriggerState.open({ file: path.join(dir, 'trigger.sqlite') });
    const trigger = pipelineTrigger({ config, runner, definition: def, state });
    const looped = await serve(runner, def, undefined, (actor, overrides) => trigger.startByHand(actor, SILENT_TOOLS, overrides));
    try {
      fs.rmSync(`${release}.started`, { force: true });
      const first = await call(looped.url, 'POST', '/api/pipelines/executions', { parameters: { Label: 'by-hand' }, displayName: 'mine' });
      const started = (await first.json()) as { PipelineExecutionArn: string; CreatedBy: string; PipelineExecutionDisplayName: string };
      const second = await call(looped.url, 'POST', '/api/pipelines/executions', {});
      expect({
        first: first.status,
        createdBy: started.CreatedBy,
        displayName: started.PipelineExecutionDisplayName,
        second: second.status,
        detail: ((await second.json()) as { detail: string }).detail,
      }).toEqual({
        first: 201,
        createdBy: 'dana',
        displayName: 'mine',
        second: 409,
        detail: `a run of ${config.modelPackageGroup} is in flight: ${started.PipelineExecutionArn}; wait for it to end or stop it`,
      });
      const id = started.PipelineExecutionArn.split('/').pop() ?? '';
      while (!fs.existsSync(`${release}.started`)) await new Promise((r) => setTimeout(r, 20));
      await call(looped.url, 'POST', `/api/pipelines/executions/${id}/stop`);
      await waitForEnd(id);
    } finally {
      await looped.app.close();
      state.close();
    }
  });

  it('answers refusals with problem+json: bad input 400, unknown 404, finished 409, a clinician 403', async () => {
    const done = (await runner.listExecutions())[0].PipelineExecutionArn.split('/').pop();
    const table = [
      {
        method: 'POST',
        url: '/api/pipelines/executions',
        body: { parameters: { Nope: 1 } },
        status: 400,
        detail: 'the pipeline has no parameter Nope',
      },
      { method: 'GET', url: '/api/pipelines/executions/zzzzzzzzzzzz', status: 404, detail: 'no pipeline execution zzzzzzzzzzzz' },
      { method: 'GET', url: '/api/pipelines/executions/BAD!', status: 400, detail: expect.stringContaining('id') },
      {
        method: 'GET',
        url: `/api/pipelines/executions/${done}/steps/Nope/log`,
        status: 404,
        detail: `execution ${done} has no step Nope (not started, or not in the definition)`,
      },
      {
        method: 'POST',
        url: `/api/pipelines/executions/${done}/stop`,
        status: 409,
        detail: `execution ${done} is Stopped: only an Executing one can be stopped`,
      },
      {
        method: 'POST',
        url: '/api/pipelines/executions',
        body: {},
        token: 'clinician-token',
        status: 403,
        detail: 'the role clinician may not perform pipelines.run',
      },
      {
        method: 'GET',
        url: '/api/pipelines/definition',
        token: 'clinician-token',
        status: 403,
        detail: 'the role clinician may not perform pipelines.read',
      },
    ];
    const answers = [];
    for (const row of table) {
      const response = await call(plain.url, row.method, row.url, row.body, row.token);
      const problem = (await response.json()) as { detail: string };
      answers.push({ url: row.url, status: response.status, type: response.headers.get('content-type'), detail: problem.detail });
    }
    expect(answers).toEqual(
      table.map((row) => ({ url: row.url, status: row.status, type: 'application/problem+json; charset=utf-8', detail: row.detail })),
    );
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { LocalPipelineRunner } from '@triage/pipeline';
import type { Principal } from '@triage/platform';
import Fastify, { type FastifyInstance } from 'fastify';
import { authPlugin } from '../plugins/auth';
import { errorsPlugin } from '../plugins/errors';
import { pipelineRoutes } from './pipeline-routes';
import { epochsOfLog } from './training-curves';

jest.setTimeout(60_000);

const TOKENS: Record<string, Principal> = {
  'ds-token': { name: 'dana', role: 'data-scientist' },
  'clinician-token': { name: 'cleo', role: 'clinician' },
};

/** A train step standing in for apps/training: batch and epoch progress lines (the second epoch without validation), then waits for a release file. */
const TRAIN_PROGRAM = `
const fs = require('fs');
const line = (p) => process.stdout.write('TRIAGE_PROGRESS ' + JSON.stringify(p) + '\\n');
console.log('train starts');
line({ phase: 'batch', done: 1, total: 2, metrics: { epoch: 1, loss: 0.9 } });
line({ phase: 'epoch', done: 1, total: 3, metrics: { loss: 0.7, accuracy: 0.55, learningRate: 0.001, seconds: 2, valLoss: 0.69, valAccuracy: 0.5 } });
line({ phase: 'epoch', done: 2, total: 3, metrics: { loss: 0.5, accuracy: 0.75, learningRate: 0.0005, seconds: 2, valLoss: 0.6, valAccuracy: null } });
setInterval(() => {
  if (!fs.existsSync(process.env.RELEASE)) return;
  line({ phase: 'epoch', done: 3, total: 3, metrics: { loss: 0.4, accuracy: 0.8, learningRate: 0.0001, seconds: 2, valLoss: 0.55, valAccuracy: 0.7 } });
  fs.mkdirSync(process.env.TRIAGE_ML_ROOT + '/model', { recursive: true });
  fs.writeFileSync(process.env.TRIAGE_ML_ROOT + '/model/model.json', '{}');
  process.exit(0);
}, 20);
`;

/** A definition of one Training step whose image is the program above. */
function definition(release: string): object {
  return {
    Version: '2020-12-01',
    Metadata: {},
    Parameters: [],
    Steps: [
      {
        Name: 'Train',
        Type: 'Training',
        Arguments: {
          AlgorithmSpecification: { TrainingImage: 'local/train:1', TrainingInputMode: 'File' },
          OutputDataConfig: { S3OutputPath: 's3://bucket/train' },
          StoppingCondition: { MaxRuntimeInSeconds: 600 },
          ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
          RoleArn: 'arn:aws:iam::000000000000:role/triage-pipeline',
          Environment: { RELEASE: release },
        },
      },
    ],
  };
}

describe('GET /api/pipelines/executions/:id/training-curves', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-training-curves-'));
  const program = path.join(dir, 'train.js');
  const release = path.join(dir, 'release');
  let runner: LocalPipelineRunner;
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    fs.writeFileSync(program, TRAIN_PROGRAM);
    runner = await LocalPipelineRunner.open({
      dataDir: path.join(dir, 'data'),
      images: [{ image: 'local/train:1', command: [process.execPath, program] }],
    });
    const fastify = Fastify().withTypeProvider<TypeBoxTypeProvider>();
    await fastify.register(errorsPlugin);
    await fastify.register(cookie);
    await fastify.register(authPlugin, { authenticator: { authenticate: (token) => (token ? TOKENS[token] : undefined) } });
    await fastify.register(pipelineRoutes, { runner, definition: definition(release), pipelineName: 'triage-chest' });
    url = await fastify.listen({ host: '127.0.0.1', port: 0 });
    app = fastify as unknown as FastifyInstance;
  });
  afterAll(async () => {
    await app.close();
    await runner.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = async (route: string, token = 'ds-token') => {
    const response = await fetch(`${url}${route}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('answers the epochs so far while Train runs, all of them once it ended; 404 for an unknown run, 403 for a clinician', async () => {
    const started = await fetch(`${url}/api/pipelines/executions`, {
      method: 'POST',
      headers: { authorization: 'Bearer ds-token', 'content-type': 'application/json' },
      body: '{}',
    });
    const id = ((await started.json()) as { PipelineExecutionArn: string }).PipelineExecutionArn.split('/').pop() ?? '';
    // The step's output reaches its log through the runner: wait until both epochs are there (the step waits for the release).
    let running: Awaited<ReturnType<typeof get>>;
    for (;;) {
      running = await get(`/api/pipelines/executions/${id}/training-curves`);
      if ((running.body.epochs as unknown[] | undefined)?.length === 2) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    fs.writeFileSync(release, '');
    for (;;) {
      const { body } = await get(`/api/pipelines/executions/${id}`);
      if ((body.execution as { PipelineExecutionStatus: string }).PipelineExecutionStatus !== 'Executing') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const ended = await get(`/api/pipelines/executions/${id}/training-curves`);
    const first = { epoch: 1, loss: 0.7, accuracy: 0.55, learningRate: 0.001, seconds: 2, valLoss: 0.69, valAccuracy: 0.5 };
    const second = { epoch: 2, loss: 0.5, accuracy: 0.75, learningRate: 0.0005, seconds: 2, valLoss: 0.6 };
    const third = { epoch: 3, loss: 0.4, accuracy: 0.8, learningRate: 0.0001, seconds: 2, valLoss: 0.55, valAccuracy: 0.7 };
    expect({
      running,
      ended,
      unknown: (await get('/api/pipelines/executions/nosuchrun0000/training-curves')).status,
      clinician: (await get(`/api/pipelines/executions/${id}/training-curves`, 'clinician-token')).status,
    }).toEqual({
      running: { status: 200, body: { step: 'Train', attempt: 1, complete: false, total: 3, epochs: [first, second] } },
      ended: { status: 200, body: { step: 'Train', attempt: 1, complete: true, total: 3, epochs: [first, second, third] } },
      unknown: 404,
      clinician: 403,
    });
  });

  it('reads epochs from a log: other lines ignored, a repeated epoch replaced by the later line', async () => {
    const log = [
      'hello',
      'TRIAGE_PROGRESS {"phase":"epoch","done":1,"total":2,"metrics":{"loss":1}}',
      'TRIAGE_PROGRESS {"phase":"batch","done":1,"total":9,"metrics":{"loss":5}}',
      'TRIAGE_PROGRESS not json',
      'TRIAGE_PROGRESS {"phase":"epoch","done":1,"total":2,"metrics":{"loss":0.8}}',
      'TRIAGE_PROGRESS {"phase":"epoch","done":2,"total":2}',
    ].join('\n');
    expect(await epochsOfLog(Readable.from([log]))).toEqual({ total: 2, epochs: [{ epoch: 1, loss: 0.8 }, { epoch: 2 }] });
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { DEFAULT_MLOPS_CONFIG, pipelineTrigger, SqliteEvaluationStore, SqliteTriggerState, SILENT_TOOLS } from '@triage/mlops';
import { FakePipelineRunner } from '@triage/mlops/test-support';
import type { Principal } from '@triage/platform';
import { authPlugin } from '../plugins/auth';
import { errorsPlugin } from '../plugins/errors';
import { loopRoutes } from './loop-routes';

const TOKENS: Record<string, Principal> = {
  'ds-token': { name: 'dana', role: 'data-scientist' },
  'clinician-token': { name: 'cleo', role: 'clinician' },
};

describe('loop routes', () => {
  let dir: string;
  let app: FastifyInstance;
  let state: SqliteTriggerState;
  let store: SqliteEvaluationStore;
  const runner = new FakePipelineRunner();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-loop-routes-'));
    state = SqliteTriggerState.open({ file: path.join(dir, 'trigger.sqlite') });
    store = SqliteEvaluationStore.open({ file: path.join(dir, 'evaluations.sqlite') });
    const trigger = pipelineTrigger({ config: DEFAULT_MLOPS_CONFIG, runner, definition: {}, state });
    await store.put({
      executionArn: 'arn:aws:sagemaker:local:000000000000:pipeline/triage-model/execution/old',
      pipelineName: 'triage-model',
      status: 'Succeeded',
      decision: 'approved',
      accuracy: 0.92,
      modelPackageArn: 'arn:aws:sagemaker:local:000000000000:model-package/triage-chest-xray/1',
      modelPackageVersion: 1,
      endedAt: '2026-01-01T00:00:00.000Z',
    });
    app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
    await app.register(errorsPlugin);
    await app.register(cookie);
    await app.register(authPlugin, { authenticator: { authenticate: (token) => (token ? TOKENS[token] : undefined) } });
    await app.register(loopRoutes, {
      startByHand: (actor) => trigger.startByHand(actor, SILENT_TOOLS),
      evaluations: (query) => store.list(query),
    });
  });
  afterAll(async () => {
    await app.close();
    state.close();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = (method: 'GET' | 'POST', url: string, token: string) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });

  it('starts a run by hand (201), then answers 409 naming the run in flight; a clinician may not', async () => {
    const first = await call('POST', '/api/pipelines/trigger', 'ds-token');
    const arn = (await runner.listExecutions())[0].PipelineExecutionArn;
    const second = await call('POST', '/api/pipelines/trigger', 'ds-token');
    const clinician = await call('POST', '/api/pipelines/trigger', 'clinician-token');
    expect([first.statusCode, first.json().CreatedBy, second.statusCode, clinician.statusCode]).toEqual([201, 'dana', 409, 403]);
    expect(second.json().detail).toBe(`a run of triage-chest-xray is in flight: ${arn}; wait for it to end or stop it`);
  });

  it('lists the evaluations', async () => {
    const res = await call('GET', '/api/pipelines/evaluations?limit=10', 'ds-token');
    expect(res.json().evaluations.map((e: { decision: string; accuracy: number }) => [e.decision, e.accuracy])).toEqual([
      ['approved', 0.92],
    ]);
  });
});

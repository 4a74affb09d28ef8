import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { LocalCatalog } from '@triage/catalog';
import { LocalEventBus, type TriageEvent } from '@triage/events';
import { eventually } from '@triage/events/test-support';
import { LocalHealthImaging } from '@triage/healthimaging';
import { SqliteEvaluationStore } from '@triage/mlops';
import { FakePipelineRunner, fakeScorer, memoryMonitor } from '@triage/mlops/test-support';
import { LocalModelRegistry, registryFile } from '@triage/registry';
import { generateChestRadiograph } from '@triage/sample-data';
import { openBackend } from '@triage/backend';
import { loadMlopsConfig } from '@triage/mlops';
import { loopDeps, type LoopDepsOverrides, type LoopDeps } from './deps/loop-deps';
import { createImageIngestionHandler } from './image-ingestion/handler';
import { createModelEvaluationHandler } from './model-evaluation/handler';
import { createModelRegistryHandler } from './model-registry/handler';
import { createPipelineTriggerHandler } from './pipeline-trigger/handler';
import { powertoolsFor, type Powertools } from './runtime/powertools';

jest.setTimeout(60_000);

process.env['POWERTOOLS_LOG_LEVEL'] = 'SILENT';
process.env['POWERTOOLS_METRICS_DISABLED'] = 'true';

/** An event as EventBridge hands it to a Lambda target (its account and region, `time` to the second). */
function awsEvent(detailType: string, source: string, detail: unknown, id: string): EventBridgeEvent<string, unknown> {
  return {
    version: '0',
    id,
    'detail-type': detailType,
    source,
    account: '123456789012',
    time: '2026-01-01T12:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail,
  };
}

function contextOf(name: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: `triage-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:triage-${name}`,
    memoryLimitInMB: '1024',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/triage-${name}`,
    logStreamName: '2026/01/01/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The metrics a function added, by name (a spy on the real Metrics object: Powertools still does the work). */
function countedMetrics(powertools: Powertools): () => Record<string, number> {
  const spy = jest.spyOn(powertools.metrics, 'addMetric');
  return () => {
    const out: Record<string, number> = {};
    for (const [name, , value] of spy.mock.calls) out[name] = (out[name] ?? 0) + value;
    return out;
  };
}

describe('the loop functions, invoked as Lambda invokes them, over the local implementations in TRIAGE_DATA_DIR', () => {
  let dataDir: string;
  let deps: LoopDeps | undefined;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-lambdas-'));
    deps = undefined;
  });
  afterEach(async () => {
    await deps?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  // The composition root as the entry points build it, with TRIAGE_BACKEND unset (local) over the spec's data folder.
  const open = (overrides: LoopDepsOverrides = {}) => {
    const env = { TRIAGE_DATA_DIR: dataDir };
    const backend = openBackend({ env });
    return (deps = loopDeps(backend, backend.loopConfig(loadMlopsConfig({ env }).config), overrides));
  };

  async function register(approvalStatus: 'Approved' | 'PendingManualApproval', promote = false) {
    const registry = await LocalModelRegistry.open({ file: registryFile(dataDir) });
    try {
      const pkg = await registry.createModelPackage({
        groupName: 'triage-chest-xray',
        approvalStatus,
        modelDataUrl: 's3://artifacts/run1/model.tar.gz',
        imageUri: 'triage-training:latest',
        metrics: { accuracy: { value: 0.91 } },
        registeredBy: { principal: 'pipeline:run1' },
      });
      if (promote) await registry.promote(pkg.arn, { principal: 'dana', reason: 'first' });
      return pkg;
    } finally {
      await registry.close();
    }
  }

  it('pipeline-trigger: the mlops.json threshold starts one run; a redelivery starts none; a malformed event fails the invocation', async () => {
    fs.writeFileSync(path.join(dataDir, 'mlops.json'), JSON.stringify({ trigger: { minNewLabels: 2 } }));
    const runner = new FakePipelineRunner();
    const powertools = powertoolsFor('pipeline-trigger');
    const metrics = countedMetrics(powertools);
    const deps = open({ runner });
    const handler = createPipelineTriggerHandler(() => deps, powertools);
    const label = (n: number) =>
      awsEvent(
        'ImageVerified',
        'triage.catalog',
        {
          datastoreId: 'ds1',
          imageSetId: `is${n}`,
          studyInstanceUid: `1.2.3.${n}`,
          finding: 'pneumonia',
          labelVersion: 1,
          origin: { kind: 'clinician', principal: 'dr-a', role: 'clinician' },
          verification: 'corrected',
        },
        `label-${n}`,
      );
    for (const n of [1, 2, 2]) await handler(label(n), contextOf('pipeline-trigger'));
    expect(runner.started.map((s) => [s.pipelineName, s.createdBy, s.parameters?.['Architecture']])).toEqual([
      ['triage-model', 'trigger:labels', 'small'],
    ]);
    expect(metrics()).toEqual({ VerifiedLabels: 2, RedeliveredLabels: 1, PipelineRunsStarted: 1 });
    await expect(handler({ ...label(3), detail: { imageSetId: 'is3' } }, contextOf('pipeline-trigger'))).rejects.toThrow(
      /invalid ImageVerified event: \/detail\/datastoreId/,
    );
  });

  it('model-evaluation: a finished run is recorded in <data>/mlops/evaluations.sqlite with its decision', async () => {
    const pkg = await register('PendingManualApproval');
    const runner = new FakePipelineRunner();
    const run = (await runner.startExecution({ definition: {}, pipelineName: 'triage-model', createdBy: 'trigger:labels' }))
      .PipelineExecutionArn;
    runner.finish(run, 'Succeeded', {
      steps: [
        {
          StepName: 'RegisterPending',
          StepType: 'RegisterModel',
          StepStatus: 'Succeeded',
          AttemptCount: 1,
          Metadata: { RegisterModel: { Arn: pkg.arn } },
        },
      ],
    });
    const deps = open({ runner });
    const handler = createModelEvaluationHandler(() => deps, powertoolsFor('model-evaluation'));
    await handler(
      awsEvent(
        'SageMaker Model Building Pipeline Execution Status Change',
        'aws.sagemaker',
        {
          pipelineArn: 'arn:aws:sagemaker:local:000000000000:pipeline/triage-model',
          pipelineExecutionArn: run,
          pipelineExecutionDisplayName: 'execution-1',
          currentPipelineExecutionStatus: 'Succeeded',
          previousPipelineExecutionStatus: 'Executing',
          executionStartTime: '2026-01-01T11:00:00Z',
          executionEndTime: '2026-01-01T12:00:00Z',
        },
        'status-1',
      ),
      contextOf('model-evaluation'),
    );
    await deps.close();
    const store = SqliteEvaluationStore.open({ file: path.join(dataDir, 'mlops', 'evaluations.sqlite') });
    try {
      expect((await store.list()).map((r) => [r.decision, r.accuracy, r.modelPackageArn])).toEqual([
        ['pending-manual-approval', 0.91, pkg.arn],
      ]);
    } finally {
      store.close();
    }
  });

  it('model-registry: an Approved version is promoted (policy auto) and ModelApproved goes on the bus', async () => {
    const pkg = await register('Approved');
    const deps = open();
    const handler = createModelRegistryHandler(() => deps, powertoolsFor('model-registry'));
    const change = awsEvent(
      'SageMaker Model Package State Change',
      'aws.sagemaker',
      {
        ModelPackageGroupName: 'triage-chest-xray',
        ModelPackageVersion: 1,
        ModelPackageArn: pkg.arn,
        ModelPackageName: 'triage-chest-xray',
        ModelPackageStatus: 'Completed',
        ModelApprovalStatus: 'Approved',
        CreationTime: '2026-01-01T12:00:00Z',
        LastModifiedBy: { UserProfileName: 'pipeline:run1' },
        ModelPackageGroupArn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package-group/triage-chest-xray',
      },
      'package-1',
    );
    await handler(change, contextOf('model-registry'));
    await handler(change, contextOf('model-registry'));
    await deps.close();
    const registry = await LocalModelRegistry.open({ file: registryFile(dataDir) });
    const bus = await LocalEventBus.open({ file: path.join(dataDir, 'events', 'events.sqlite') });
    try {
      expect((await registry.promoted('triage-chest-xray'))?.arn).toBe(pkg.arn);
      const approved: TriageEvent<'ModelApproved'>['detail'][] = [];
      bus.subscribe({ name: 'spec', detailTypes: ['ModelApproved'], handler: async (e) => void approved.push(e.detail) });
      await eventually(() => expect(approved.map((a) => [a.version, a.approvedBy])).toEqual([[1, 'condition']]));
    } finally {
      await bus.close();
      await registry.close();
    }
  });

  it('image-ingestion: a new image set gets the promoted version’s prediction in the catalog', async () => {
    const pkg = await register('Approved', true);
    const store = await LocalHealthImaging.open({ dataDir: path.join(dataDir, 'healthimaging') });
    const datastoreId = await store.ensureDatastore('default');
    const radiograph = generateChestRadiograph({ seed: 'lambdas', index: 0, size: 64, label: 'pneumonia' });
    const { imageSetId } = await store.storeInstance(datastoreId, radiograph.bytes);
    await store.close();
    const scorer = fakeScorer();
    const deps = open({ scorer, monitor: memoryMonitor(), materialise: async () => '/models/run1' });
    const handler = createImageIngestionHandler(() => deps, powertoolsFor('image-ingestion'));
    await handler(
      awsEvent(
        'ImageSetCreated',
        'triage.healthimaging',
        { datastoreId, imageSetId, imageSetVersionId: '1', studyInstanceUid: radiograph.studyInstanceUid, primary: true, instances: 1 },
        'created-1',
      ),
      contextOf('image-ingestion'),
    );
    await deps.close();
    const catalog = await LocalCatalog.open({ file: path.join(dataDir, 'catalog', 'catalog.sqlite') });
    try {
      const prediction = await catalog.getPrediction({ datastoreId, imageSetId });
      expect([prediction?.modelVersion, scorer.calls]).toEqual([pkg.arn, [{ version: 1, modelDir: '/models/run1' }]]);
    } finally {
      await catalog.close();
    }
  });

  it('image-ingestion: HealthImaging’s own "Image Set Created" puts the primary image set on the worklist and scores it; an image set that is gone is neither', async () => {
    const pkg = await register('Approved', true);
    const store = await LocalHealthImaging.open({ dataDir: path.join(dataDir, 'healthimaging') });
    const datastoreId = await store.ensureDatastore('default');
    const radiograph = generateChestRadiograph({ seed: 'lambdas-hi', index: 0, size: 64, label: 'normal' });
    const { imageSetId } = await store.storeInstance(datastoreId, radiograph.bytes);
    await store.close();
    const scorer = fakeScorer();
    const deps = open({ scorer, monitor: memoryMonitor(), materialise: async () => '/models/run1' });
    const handler = createImageIngestionHandler(() => deps, powertoolsFor('image-ingestion'));
    // As AWS HealthImaging sends it (source aws.medical-imaging): ids only, no study, no counts.
    const created = (id: string, imageSet: string) =>
      awsEvent(
        'Image Set Created',
        'aws.medical-imaging',
        { imagingVersion: '1.0', datastoreId, imageSetId: imageSet, imageSetState: 'ACTIVE', imageSetWorkflowStatus: 'CREATED' },
        id,
      );
    await handler(created('hi-1', imageSetId), contextOf('image-ingestion'));
    await handler(created('hi-2', 'f'.repeat(32)), contextOf('image-ingestion'));
    await deps.close();
    const catalog = await LocalCatalog.open({ file: path.join(dataDir, 'catalog', 'catalog.sqlite') });
    try {
      const item = await catalog.getWorklistItem(datastoreId, imageSetId);
      expect([item?.studyInstanceUid, item?.instances, item?.prediction?.modelVersion, scorer.calls]).toEqual([
        radiograph.studyInstanceUid,
        1,
        pkg.arn,
        [{ version: 1, modelDir: '/models/run1' }],
      ]);
      expect(await catalog.getWorklistItem(datastoreId, 'f'.repeat(32))).toBeUndefined();
    } finally {
      await catalog.close();
    }
  });
});

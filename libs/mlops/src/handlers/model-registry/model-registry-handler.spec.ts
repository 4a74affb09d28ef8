import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalEventBus, MODEL_PACKAGE_STATE_CHANGE, type TriageEvent } from '@triage/events';
import { eventually } from '@triage/events/test-support';
import { LocalModelRegistry, type ModelPackage } from '@triage/registry';
import { DEFAULT_MLOPS_CONFIG, type MlopsConfig } from '../../config/mlops-config';
import { SqliteProcessedEvents } from '../../local/sqlite-processed-events';
import { recordingTools } from '../../test-support/recording-tools';
import { modelRegistryHandler } from './model-registry-handler';

/** The state change SageMaker (or the local registry) sends for a version's approval. */
function stateChange(pkg: ModelPackage, by: string, id: string): TriageEvent<typeof MODEL_PACKAGE_STATE_CHANGE> {
  return {
    version: '0',
    id,
    'detail-type': MODEL_PACKAGE_STATE_CHANGE,
    source: 'aws.sagemaker',
    account: '000000000000',
    time: '2026-01-01T00:00:00.000Z',
    region: 'local',
    resources: [pkg.arn],
    detail: {
      ModelPackageGroupName: pkg.groupName,
      ModelPackageVersion: pkg.version,
      ModelPackageArn: pkg.arn,
      ModelPackageStatus: 'Completed',
      ModelApprovalStatus: pkg.approvalStatus,
      LastModifiedBy: { UserProfileName: by },
    },
  };
}

describe('model-registry handler', () => {
  let dir: string;
  let registry: LocalModelRegistry;
  let bus: LocalEventBus;
  let processed: SqliteProcessedEvents;
  let approvals: TriageEvent<'ModelApproved'>['detail'][];

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-model-registry-'));
    registry = await LocalModelRegistry.open({ file: path.join(dir, 'registry.sqlite') });
    bus = await LocalEventBus.open({ file: path.join(dir, 'bus.sqlite') });
    processed = SqliteProcessedEvents.open({ file: path.join(dir, 'processed.sqlite') });
    approvals = [];
    bus.subscribe({ name: 'spec', detailTypes: ['ModelApproved'], handler: async (e) => void approvals.push(e.detail) });
  });
  afterEach(async () => {
    await bus.close();
    processed.close();
    await registry.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const register = (approvalStatus: 'Approved' | 'PendingManualApproval', accuracy = 0.9) =>
    registry.createModelPackage({
      groupName: 'triage-chest-xray',
      approvalStatus,
      modelDataUrl: 's3://artifacts/model.tar.gz',
      imageUri: 'triage-training:latest',
      metrics: { accuracy: { value: accuracy } },
      registeredBy: { principal: 'pipeline:run1' },
    });
  const handler = (policy: MlopsConfig['promotion']['policy']) =>
    modelRegistryHandler({ config: { ...DEFAULT_MLOPS_CONFIG, promotion: { policy } }, registry, events: bus, processed });

  it.each([
    ['auto', 1],
    ['manual', undefined],
  ] as const)('with policy %s, an Approved version by the condition is promoted: %s', async (policy, promotedVersion) => {
    const { tools } = recordingTools();
    const v1 = await register('Approved', 0.91);
    await handler(policy)(stateChange(v1, 'pipeline:run1', 'e1'), tools);
    expect((await registry.promoted('triage-chest-xray'))?.version).toBe(promotedVersion);
    await eventually(() =>
      expect(approvals).toEqual([
        {
          groupName: 'triage-chest-xray',
          modelPackageArn: v1.arn,
          version: 1,
          approvedBy: 'condition',
          actor: { principal: 'pipeline:run1' },
          accuracy: 0.91,
        },
      ]),
    );
    if (policy === 'auto')
      expect((await registry.history('triage-chest-xray')).at(-1)).toMatchObject({
        action: 'promoted',
        actor: { principal: 'policy:model-registry', reason: 'promotion policy auto: version 1 approved' },
      });
  });

  it('says a person approved it when a person did, and promotes it over an older serving version, not under a newer one', async () => {
    const { tools } = recordingTools();
    const handle = handler('auto');
    const v1 = await register('PendingManualApproval');
    const v2 = await register('Approved');
    await handle(stateChange(v2, 'pipeline:run2', 'e2'), tools);
    const v1Approved = await registry.updateApprovalStatus(v1.arn, 'Approved', {
      principal: 'dana',
      role: 'data-scientist',
      reason: 'looked',
    });
    await handle(stateChange(v1Approved, 'dana', 'e1'), tools);
    expect((await registry.promoted('triage-chest-xray'))?.version).toBe(2);
    await eventually(() =>
      expect(approvals.map((a) => [a.version, a.approvedBy, a.actor])).toEqual([
        [2, 'condition', { principal: 'pipeline:run2' }],
        [1, 'person', { principal: 'dana', role: 'data-scientist' }],
      ]),
    );
  });

  it('does nothing for a redelivered event, a rejection or another group', async () => {
    const { tools } = recordingTools();
    const handle = handler('auto');
    const v1 = await register('Approved');
    await handle(stateChange(v1, 'pipeline:run1', 'e1'), tools);
    await handle(stateChange(v1, 'pipeline:run1', 'e1'), tools);
    await handle(
      { ...stateChange(v1, 'dana', 'e3'), detail: { ...stateChange(v1, 'dana', 'e3').detail, ModelApprovalStatus: 'Rejected' } },
      tools,
    );
    await handle(
      { ...stateChange(v1, 'dana', 'e4'), detail: { ...stateChange(v1, 'dana', 'e4').detail, ModelPackageGroupName: 'other' } },
      tools,
    );
    await bus.settled();
    expect(approvals.length).toBe(1);
    expect((await registry.history('triage-chest-xray')).map((h) => h.action)).toEqual(['registered', 'promoted']);
  });
});

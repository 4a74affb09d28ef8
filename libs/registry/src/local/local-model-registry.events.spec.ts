import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalEventBus, MODEL_PACKAGE_STATE_CHANGE, type TransactionalOutbox, type TriageEvent } from '@triage/events';
import type { Actor, ModelRegistry } from '../model-registry';
import { outcomeOf } from '../test-support/expect-registry-error';
import { registration } from '../test-support/registry-contract';
import { LocalModelRegistry, registryFile } from './local-model-registry';

const AT = '2026-12-05T08:00:00.000Z';
const GROUP = 'chest';
const arn = (version: number) => `arn:aws:sagemaker:local:000000000000:model-package/${GROUP}/${version}`;
const DANA: Actor = { principal: 'dana', role: 'data-scientist', reason: 'looked at the ROC' };
const ROOT: Actor = { principal: 'root', role: 'admin', reason: 'ship it' };
const POLICY: Actor = { principal: 'policy:model-registry', reason: 'promotion policy auto' };

type RegistryEvent = TriageEvent<typeof MODEL_PACKAGE_STATE_CHANGE | 'ModelPromoted'>;
const TYPES = [MODEL_PACKAGE_STATE_CHANGE, 'ModelPromoted'] as const;

/** An event as the table writes it: a state change by version, approval and who; a promotion by version, what served before, how and who. */
type Seen =
  | { state: number; approval: string; by: string; description?: string }
  | { promoted: number; previous?: number; change: 'promoted' | 'rolled-back'; by: 'policy' | 'person'; principal: string };

function seen(event: RegistryEvent): Seen {
  if (event['detail-type'] === 'ModelPromoted') {
    const d = event.detail;
    expect({ source: event.source, resources: event.resources }).toEqual({ source: 'triage.models', resources: [d.modelPackageArn] });
    return {
      promoted: d.version,
      ...(d.previousModelPackageArn !== undefined && { previous: Number(d.previousModelPackageArn.split('/').pop()) }),
      change: d.change,
      by: d.by,
      principal: d.actor.principal,
    };
  }
  const d = event.detail;
  expect({ source: event.source, resources: event.resources }).toEqual({ source: 'aws.sagemaker', resources: [d.ModelPackageArn] });
  return {
    state: d.ModelPackageVersion,
    approval: d.ModelApprovalStatus,
    by: d.LastModifiedBy?.UserProfileName ?? '?',
    ...(d.ApprovalDescription !== undefined && { description: d.ApprovalDescription }),
  };
}

// Each row runs after the ones above it, against the same registry: the outcome and exactly the events it appended.
const TABLE: { operation: string; run: (r: ModelRegistry) => Promise<unknown>; outcome: string; events: Seen[] }[] = [
  {
    operation: 'register version 1 PendingManualApproval (the pipeline, below the bar)',
    run: (r) => r.createModelPackage(registration(GROUP, 'PendingManualApproval', 1)),
    outcome: 'ok',
    events: [{ state: 1, approval: 'PendingManualApproval', by: 'pipeline:exec-1' }],
  },
  {
    operation: 'register version 2 Approved (the pipeline, above the bar)',
    run: (r) => r.createModelPackage(registration(GROUP, 'Approved', 2)),
    outcome: 'ok',
    events: [{ state: 2, approval: 'Approved', by: 'pipeline:exec-1' }],
  },
  { operation: 'promote version 1 (PendingManualApproval)', run: (r) => r.promote(arn(1), ROOT), outcome: 'ConflictException', events: [] },
  {
    operation: 'reject version 1',
    run: (r) => r.updateApprovalStatus(arn(1), 'Rejected', DANA),
    outcome: 'ok',
    events: [{ state: 1, approval: 'Rejected', by: 'dana', description: 'looked at the ROC' }],
  },
  { operation: 'promote version 1 (Rejected)', run: (r) => r.promote(arn(1), ROOT), outcome: 'ConflictException', events: [] },
  {
    operation: 'promote version 2 by the policy',
    run: (r) => r.promote(arn(2), POLICY),
    outcome: 'ok',
    events: [{ promoted: 2, change: 'promoted', by: 'policy', principal: 'policy:model-registry' }],
  },
  { operation: 'promote version 2 again (a retry: nothing changes)', run: (r) => r.promote(arn(2), ROOT), outcome: 'ok', events: [] },
  {
    operation: 'approve version 1',
    run: (r) => r.updateApprovalStatus(arn(1), 'Approved', DANA),
    outcome: 'ok',
    events: [{ state: 1, approval: 'Approved', by: 'dana', description: 'looked at the ROC' }],
  },
  {
    operation: 'promote version 1 by a person',
    run: (r) => r.promote(arn(1), ROOT),
    outcome: 'ok',
    events: [{ promoted: 1, previous: 2, change: 'promoted', by: 'person', principal: 'root' }],
  },
  {
    operation: 'reject version 1 (promoted)',
    run: (r) => r.updateApprovalStatus(arn(1), 'Rejected', DANA),
    outcome: 'ConflictException',
    events: [],
  },
  {
    operation: 'approve version 1 again (promoted; a new reason)',
    run: (r) => r.updateApprovalStatus(arn(1), 'Approved', ROOT),
    outcome: 'ok',
    events: [{ state: 1, approval: 'Approved', by: 'root', description: 'ship it' }],
  },
  {
    operation: 'roll back',
    run: (r) => r.rollback(GROUP, ROOT),
    outcome: 'ok',
    events: [{ promoted: 2, previous: 1, change: 'rolled-back', by: 'person', principal: 'root' }],
  },
  { operation: 'roll back past the first promotion', run: (r) => r.rollback(GROUP, ROOT), outcome: 'ConflictException', events: [] },
  { operation: 'ensure another group', run: (r) => r.ensureModelPackageGroup('other'), outcome: 'ok', events: [] },
  {
    operation: 'approve a version that does not exist',
    run: (r) => r.updateApprovalStatus(arn(9), 'Approved', DANA),
    outcome: 'ResourceNotFound',
    events: [],
  },
  {
    operation: 'register into an invalid group name',
    run: (r) => r.createModelPackage(registration('chest_xray', 'Approved')),
    outcome: 'ValidationException',
    events: [],
  },
];

describe('LocalModelRegistry emits its changes through the outbox, in the same transaction', () => {
  let dir: string;
  let bus: LocalEventBus;
  let registry: LocalModelRegistry;
  const delivered: RegistryEvent[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-events-'));
    bus = await LocalEventBus.open({ file: path.join(dir, 'events', 'events.sqlite') });
    registry = await LocalModelRegistry.open({ file: registryFile(dir), outbox: bus, now: () => new Date(AT) });
    bus.subscribe({ name: 'all', detailTypes: TYPES, handler: async (e) => void delivered.push(e) });
  });
  afterAll(async () => {
    await registry.close();
    await bus.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('appends exactly these events per operation, and none for a refused one', async () => {
    const results = [];
    for (const row of TABLE) {
      const before = delivered.length;
      const outcome = await outcomeOf(row.run(registry));
      await bus.settled();
      results.push({ operation: row.operation, outcome, events: delivered.slice(before).map(seen) });
    }
    expect(results).toEqual(TABLE.map(({ operation, outcome, events }) => ({ operation, outcome, events })));
  });

  it('spells a state change as SageMaker does, and a promotion with the actor but not the reason', () => {
    const [created] = delivered;
    expect({ ...created, id: 'id' }).toEqual({
      version: '0',
      id: 'id',
      'detail-type': 'SageMaker Model Package State Change',
      source: 'aws.sagemaker',
      account: '000000000000',
      time: expect.any(String),
      region: 'local',
      resources: [arn(1)],
      detail: {
        ModelPackageGroupName: GROUP,
        ModelPackageVersion: 1,
        ModelPackageArn: arn(1),
        ModelPackageName: GROUP,
        ModelPackageStatus: 'Completed',
        ModelApprovalStatus: 'PendingManualApproval',
        CreationTime: AT,
        LastModifiedTime: AT,
        LastModifiedBy: { UserProfileName: 'pipeline:exec-1' },
      },
    });
    const promotion = delivered.find((e) => e['detail-type'] === 'ModelPromoted' && e.detail.by === 'person');
    expect(promotion?.detail).toEqual({
      groupName: GROUP,
      modelPackageArn: arn(1),
      version: 1,
      previousModelPackageArn: arn(2),
      change: 'promoted',
      by: 'person',
      actor: { principal: 'root', role: 'admin' },
    });
  });
});

describe('a registry change whose events cannot be appended', () => {
  it('is not made: the change and its events commit together or not at all', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-events-atomic-'));
    const bus = await LocalEventBus.open({ file: path.join(dir, 'events', 'events.sqlite') });
    let refuse = false;
    const outbox: TransactionalOutbox = {
      attach: (db) => bus.attach(db),
      append: (db, entries) => {
        if (refuse) throw new Error('the outbox refuses');
        return bus.append(db, entries);
      },
      committed: () => bus.committed(),
    };
    const registry = await LocalModelRegistry.open({ file: registryFile(dir), outbox });
    const delivered: RegistryEvent[] = [];
    bus.subscribe({ name: 'all', detailTypes: TYPES, handler: async (e) => void delivered.push(e) });
    try {
      const v1 = await registry.createModelPackage(registration(GROUP, 'Approved', 1));
      refuse = true;
      const attempts = [
        await registry.promote(v1.arn, ROOT).then(
          () => 'made',
          (e: Error) => e.message,
        ),
        await registry.createModelPackage(registration(GROUP, 'Approved', 2)).then(
          () => 'made',
          (e: Error) => e.message,
        ),
      ];
      await bus.settled();
      expect(attempts).toEqual(['the outbox refuses', 'the outbox refuses']);
      expect(await registry.promoted(GROUP)).toBeUndefined();
      expect((await registry.listModelPackages(GROUP)).map((p) => p.version)).toEqual([1]);
      expect((await registry.history(GROUP)).map((h) => h.action)).toEqual(['registered']);
      expect(delivered.map(seen)).toEqual([{ state: 1, approval: 'Approved', by: 'pipeline:exec-1' }]);
    } finally {
      await registry.close();
      await bus.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

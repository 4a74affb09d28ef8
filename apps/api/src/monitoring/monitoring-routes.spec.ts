import { buildDriftReference, type DriftRow, type ScoreRecord } from '@triage/monitoring';
import type { ModelApprovalStatus } from '@triage/registry';
import { startMonitoringApp, type MonitoringApp, type MonitoringPerson } from './test-support/monitoring-app';

const GROUP = 'triage-chest-xray';
const ROUTE = `/api/models/groups/${GROUP}/monitoring`;
const arn = (version: number, group = GROUP) => `arn:aws:sagemaker:local:000000000000:model-package/${group}/${version}`;
const row = (v: number): DriftRow => ({ score: v, inputMean: v, inputStd: v, inputP05: v, inputP50: v, inputP95: v });
/** Values spread over (0, 1]: a window inside it is unshifted, one at 2.5 lies beyond all of it. */
const reference = buildDriftReference(Array.from({ length: 2000 }, (_, i) => row((i + 1) / 2000)));

describe('GET /api/models/groups/:group/monitoring', () => {
  let m: MonitoringApp;
  beforeAll(async () => {
    m = await startMonitoringApp(0.5);
  });
  afterAll(async () => {
    await m.close();
  });

  const register = async (group: string, statuses: ModelApprovalStatus[]) => {
    for (const [i, approvalStatus] of statuses.entries())
      await m.registry.createModelPackage({
        groupName: group,
        approvalStatus,
        modelDataUrl: `s3://artifacts/${group}/${i + 1}/model.tar.gz`,
        imageUri: 'triage/inference:local',
        metrics: {},
        lineage: {},
        registeredBy: { principal: 'pipeline:exec-1' },
      });
  };
  const score = (version: number, role: ScoreRecord['role'], imageSetId: string, value: number): ScoreRecord => ({
    groupName: GROUP,
    modelPackageArn: arn(version),
    version,
    role,
    datastoreId: 'ds1',
    imageSetId,
    score: value,
    features: { inputMean: value, inputStd: value, inputP05: value, inputP50: value, inputP95: value },
    scoredAt: new Date().toISOString(),
  });
  const label = async (imageSetId: string, finding: string, verified: boolean) => {
    await m.catalog.setLabel({
      key: { datastoreId: 'ds1', imageSetId },
      studyInstanceUid: '1.2.3',
      finding,
      origin: verified ? { kind: 'clinician', principal: 'carol', role: 'clinician' } : { kind: 'import', source: 'site-csv' },
    });
  };

  it('answers the drift checks newest first and each shadow candidate against the promoted version', async () => {
    // v1 serves; v2 pending and v5 approved scored in shadow; v3 rejected (its shadow scores do not count); v4 approved, never scored.
    await register(GROUP, ['Approved', 'PendingManualApproval', 'Rejected', 'Approved', 'Approved']);
    await m.registry.promote(arn(1), { principal: 'ada', role: 'admin', reason: 'first' });
    const scores: Array<[number, ScoreRecord['role'], Record<string, number>]> = [
      [1, 'serving', { a: 0.9, b: 0.8, c: 0.3, d: 0.6, e: 0.2 }],
      [2, 'shadow', { b: 0.7, c: 0.6, d: 0.4, e: 0.1, f: 0.9 }],
      [3, 'shadow', { a: 0.1, b: 0.1 }],
      [5, 'shadow', { a: 0.2, b: 0.9 }],
    ];
    for (const [version, role, values] of scores)
      for (const [id, v] of Object.entries(values)) m.monitor.recordScore(score(version, role, id, v));
    // Verified: a and b pneumonia, c normal. d's label is an import (not verified); e has none.
    await label('a', 'pneumonia', true);
    await label('b', 'pneumonia', true);
    await label('c', 'normal', true);
    await label('d', 'pneumonia', false);
    // Two checks of v1: its five unshifted scores, then five shifted ones.
    const t = { windowSize: 5, minWindow: 5, psi: 0.25, ks: 0.3 };
    const model = { groupName: GROUP, modelPackageArn: arn(1), version: 1 };
    expect(m.monitor.checkDrift(model, reference, t)?.status.drifted).toBe(false);
    for (const id of ['s1', 's2', 's3', 's4', 's5']) m.monitor.recordScore(score(1, 'serving', id, 2.5));
    expect(m.monitor.checkDrift(model, reference, t)?.status.drifted).toBe(true);

    const answer = await m.get('dana', ROUTE);
    expect(answer.status).toBe(200);
    const body = answer.body as { drift: Array<{ drifted: boolean }>; shadow: unknown[] };
    expect(body.drift.map((d) => d.drifted)).toEqual([true, false]);
    expect(body.drift).toEqual(m.monitor.driftHistory(GROUP));
    // At 0.5, v5 against v1 on a, b: they agree on b; both verified positive: v1 right on both, v5 on b.
    // v2 against v1 on b-e: they agree on b, e; verified b (positive) and c (negative): v1 right on both, v2 on b.
    expect(body.shadow).toEqual([
      { servingArn: arn(1), shadowArn: arn(5), paired: 2, agreement: 0.5, verified: 2, servingAccuracy: 1, shadowAccuracy: 0.5 },
      { servingArn: arn(1), shadowArn: arn(2), paired: 4, agreement: 0.5, verified: 2, servingAccuracy: 1, shadowAccuracy: 0.5 },
    ]);
  });

  it('has no shadow comparison without a promoted version', async () => {
    await register('unpromoted', ['PendingManualApproval']);
    m.monitor.recordScore({ ...score(1, 'shadow', 'a', 0.5), groupName: 'unpromoted', modelPackageArn: arn(1, 'unpromoted') });
    expect(await m.get('ada', '/api/models/groups/unpromoted/monitoring')).toEqual({
      status: 200,
      type: expect.stringContaining('application/json'),
      body: { drift: [], shadow: [] },
    });
  });

  it('is 404 problem+json for a group the registry does not know', async () => {
    expect(await m.get('dana', '/api/models/groups/nobody/monitoring')).toMatchObject({
      status: 404,
      type: expect.stringContaining('application/problem+json'),
      body: { status: 404, title: 'ResourceNotFound' },
    });
  });

  it('is for admins and data scientists (models.read); a refusal is audited', async () => {
    const people: MonitoringPerson[] = ['ada', 'dana', 'carol', 'otto'];
    const statuses = [];
    for (const who of people) statuses.push([who, (await m.get(who, ROUTE)).status]);
    expect(statuses).toEqual([
      ['ada', 200],
      ['dana', 200],
      ['carol', 403],
      ['otto', 403],
    ]);
    const audited = m.audited.filter((e) => e.resource === ROUTE);
    expect(audited.map(({ actor, action, outcome, detail }) => ({ actor, action, outcome, detail }))).toEqual([
      { actor: 'carol', action: 'models.read', outcome: 'refused', detail: 'role clinician may not models.read' },
      { actor: 'otto', action: 'models.read', outcome: 'refused', detail: 'role auditor may not models.read' },
    ]);
  });
});

import type { ModelApprovalStatus, RegisterModelPackageInput } from '@triage/registry';
import { startModelsApp, type ModelPerson, type ModelsApp } from './test-support/models-app';

const PIPELINE = { principal: 'pipeline:exec-7' };

function registration(groupName: string, approvalStatus: ModelApprovalStatus, n: number): RegisterModelPackageInput {
  return {
    groupName,
    approvalStatus,
    modelDataUrl: `s3://triage-models/${groupName}/${n}/model.tar.gz`,
    imageUri: 'triage/inference:local',
    metrics: { auc: { value: 0.9 + n / 100, ci95: [0.85, 0.95] }, evaluationUri: `s3://triage-models/${groupName}/${n}/evaluation.json` },
    lineage: { datasetSnapshotHash: `sha256:${n}`, codeVersion: 'abc123' },
    registeredBy: PIPELINE,
  };
}

describe('the model routes', () => {
  let m: ModelsApp;

  beforeAll(async () => {
    m = await startModelsApp();
  });
  afterAll(async () => {
    await m.close();
  });

  const register = async (group: string, statuses: ModelApprovalStatus[]) => {
    for (const [i, status] of statuses.entries()) await m.registry.createModelPackage(registration(group, status, i + 1));
  };

  it('lists groups, versions and one version as the registry holds them', async () => {
    await register('chest', ['Approved', 'PendingManualApproval']);
    await register('brain', ['Rejected']);
    await m.registry.promote('arn:aws:sagemaker:local:000000000000:model-package/chest/1', {
      principal: 'ada',
      role: 'admin',
      reason: 'first',
    });

    const groups = await m.as('dana', 'GET', '/api/models/groups');
    expect(groups).toEqual({
      status: 200,
      type: expect.stringContaining('application/json'),
      body: {
        groups: [
          {
            name: 'brain',
            arn: 'arn:aws:sagemaker:local:000000000000:model-package-group/brain',
            createdAt: expect.any(String),
            versions: 1,
            latestVersion: 1,
          },
          {
            name: 'chest',
            arn: 'arn:aws:sagemaker:local:000000000000:model-package-group/chest',
            createdAt: expect.any(String),
            versions: 2,
            latestVersion: 2,
            promotedVersion: 1,
          },
        ],
      },
    });
    const versions = await m.as('dana', 'GET', '/api/models/groups/chest/versions');
    expect((versions.body as { versions: { version: number; promoted: boolean }[] }).versions.map((v) => [v.version, v.promoted])).toEqual([
      [2, false],
      [1, true],
    ]);
    const pending = await m.as('dana', 'GET', '/api/models/groups/chest/versions?approvalStatus=PendingManualApproval');
    expect((pending.body as { versions: { version: number }[] }).versions.map((v) => v.version)).toEqual([2]);
    const one = await m.as('ada', 'GET', '/api/models/groups/chest/versions/2');
    expect(one).toEqual({
      status: 200,
      type: expect.stringContaining('application/json'),
      body: {
        arn: 'arn:aws:sagemaker:local:000000000000:model-package/chest/2',
        groupName: 'chest',
        version: 2,
        status: 'Completed',
        approvalStatus: 'PendingManualApproval',
        modelDataUrl: 's3://triage-models/chest/2/model.tar.gz',
        imageUri: 'triage/inference:local',
        metrics: { auc: { value: 0.92, ci95: [0.85, 0.95] }, evaluationUri: 's3://triage-models/chest/2/evaluation.json' },
        lineage: { datasetSnapshotHash: 'sha256:2', codeVersion: 'abc123' },
        customerMetadata: {},
        createdAt: expect.any(String),
        registeredBy: PIPELINE,
        promoted: false,
      },
    });
  });

  it('allows each route to the roles of the table, and audits changes and refusals', async () => {
    await register('roles', ['Approved', 'Approved', 'PendingManualApproval']);
    const v = '/api/models/groups/roles/versions';
    // Each row runs as each person in turn; a change by an allowed person is undone by the next row where it matters.
    const table: { method: string; route: string; body?: object; allowed: ModelPerson[] }[] = [
      { method: 'GET', route: '/api/models/groups', allowed: ['ada', 'dana'] },
      { method: 'GET', route: v, allowed: ['ada', 'dana'] },
      { method: 'GET', route: `${v}/1`, allowed: ['ada', 'dana'] },
      { method: 'GET', route: '/api/models/groups/roles/history', allowed: ['ada', 'dana'] },
      { method: 'GET', route: '/api/models/groups/roles/serving', allowed: ['ada', 'dana'] },
      { method: 'POST', route: `${v}/3/approve`, body: { reason: 'AUC above the bar' }, allowed: ['ada', 'dana'] },
      { method: 'POST', route: `${v}/3/reject`, body: { reason: 'bias on portable films' }, allowed: ['ada', 'dana'] },
      { method: 'POST', route: `${v}/1/promote`, body: { reason: 'first' }, allowed: ['ada'] },
      { method: 'POST', route: `${v}/2/promote`, body: { reason: 'better' }, allowed: ['ada'] },
      { method: 'POST', route: '/api/models/groups/roles/rollback', body: { reason: 'v2 misbehaves' }, allowed: ['ada'] },
    ];
    const people: ModelPerson[] = ['carol', 'otto', 'dana', 'ada'];
    const seen = [];
    for (const row of table)
      for (const who of people)
        seen.push({ route: `${row.method} ${row.route}`, who, status: (await m.as(who, row.method, row.route, row.body)).status });
    expect(seen).toEqual(
      table.flatMap((row) =>
        people.map((who) => ({ route: `${row.method} ${row.route}`, who, status: row.allowed.includes(who) ? 200 : 403 })),
      ),
    );

    const audited = m.audited.filter((e) => e.resource.startsWith('/api/models/groups/roles') || e.resource === '/api/models/groups');
    const expected = table.flatMap((row) =>
      people.flatMap((who) => {
        const allowed = row.allowed.includes(who);
        // Reads are audited only when refused; changes always.
        if (allowed && row.method === 'GET') return [];
        return [{ actor: who, action: expect.stringMatching(/^models\./), resource: row.route, outcome: allowed ? 'success' : 'refused' }];
      }),
    );
    expect(audited.map(({ actor, action, resource, outcome }) => ({ actor, action, resource, outcome }))).toEqual(expected);
    expect(m.audited.find((e) => e.actor === 'dana' && e.resource.endsWith('/1/promote'))).toMatchObject({
      action: 'models.promote',
      outcome: 'refused',
      detail: 'role data-scientist may not models.promote',
    });
  });

  it('records the principal and the reason: approve, reject, promote, rollback, in the history and the serving history', async () => {
    await register('flow', ['PendingManualApproval', 'PendingManualApproval']);
    const v = '/api/models/groups/flow/versions';
    expect((await m.as('dana', 'POST', `${v}/1/approve`, { reason: 'meets the bar' })).body).toMatchObject({
      approvalStatus: 'Approved',
      approvalDescription: 'meets the bar',
      approvedBy: { principal: 'dana', role: 'data-scientist', reason: 'meets the bar' },
    });
    expect((await m.as('ada', 'POST', `${v}/1/promote`, { reason: 'go live' })).body).toMatchObject({ version: 1, promoted: true });
    await m.as('dana', 'POST', `${v}/2/approve`, { reason: 'better AUC' });
    await m.as('ada', 'POST', `${v}/2/promote`, { reason: 'better AUC' });
    expect((await m.as('ada', 'POST', '/api/models/groups/flow/rollback', { reason: 'false positives' })).body).toMatchObject({
      version: 1,
      promoted: true,
    });
    expect((await m.as('dana', 'POST', `${v}/2/reject`, { reason: 'false positives' })).body).toMatchObject({ approvalStatus: 'Rejected' });

    const history = (await m.as('dana', 'GET', '/api/models/groups/flow/history')).body as {
      history: { action: string; version: number; actor: object }[];
    };
    expect(history.history.map((h) => [h.action, h.version, h.actor])).toEqual([
      ['registered', 1, PIPELINE],
      ['registered', 2, PIPELINE],
      ['approved', 1, { principal: 'dana', role: 'data-scientist', reason: 'meets the bar' }],
      ['promoted', 1, { principal: 'ada', role: 'admin', reason: 'go live' }],
      ['approved', 2, { principal: 'dana', role: 'data-scientist', reason: 'better AUC' }],
      ['demoted', 1, { principal: 'ada', role: 'admin', reason: 'better AUC' }],
      ['promoted', 2, { principal: 'ada', role: 'admin', reason: 'better AUC' }],
      ['rolled-back', 2, { principal: 'ada', role: 'admin', reason: 'false positives' }],
      ['promoted', 1, { principal: 'ada', role: 'admin', reason: 'false positives' }],
      ['rejected', 2, { principal: 'dana', role: 'data-scientist', reason: 'false positives' }],
    ]);
    const serving = (await m.as('dana', 'GET', '/api/models/groups/flow/serving')).body as {
      serving: { version: number; until?: string; promotedBy: object }[];
    };
    expect(serving.serving.map((p) => [p.version, p.until === undefined ? 'serving' : 'ended', p.promotedBy])).toEqual([
      [1, 'ended', { principal: 'ada', role: 'admin', reason: 'go live' }],
      [2, 'ended', { principal: 'ada', role: 'admin', reason: 'better AUC' }],
      [1, 'serving', { principal: 'ada', role: 'admin', reason: 'false positives' }],
    ]);
  });

  it('answers refusals as problem+json: 409 for what the registry state forbids, 404 for what is not there, 400 for bad input', async () => {
    await register('refuse', ['Approved', 'PendingManualApproval']);
    await m.registry.promote('arn:aws:sagemaker:local:000000000000:model-package/refuse/1', {
      principal: 'ada',
      role: 'admin',
      reason: 'live',
    });
    const v = '/api/models/groups/refuse/versions';
    const table: { who: ModelPerson; method: string; route: string; body?: object; status: number; title: string; detail: RegExp }[] = [
      {
        who: 'dana',
        method: 'POST',
        route: `${v}/1/reject`,
        body: { reason: 'no' },
        status: 409,
        title: 'ConflictException',
        detail: /roll back/,
      },
      {
        who: 'ada',
        method: 'POST',
        route: `${v}/2/promote`,
        body: { reason: 'go' },
        status: 409,
        title: 'ConflictException',
        detail: /PendingManualApproval/,
      },
      {
        who: 'ada',
        method: 'POST',
        route: '/api/models/groups/refuse/rollback',
        body: { reason: 'undo' },
        status: 409,
        title: 'ConflictException',
        detail: /no earlier/,
      },
      { who: 'dana', method: 'GET', route: `${v}/3`, status: 404, title: 'ResourceNotFound', detail: /refuse\/3/ },
      {
        who: 'dana',
        method: 'GET',
        route: '/api/models/groups/nowhere/versions',
        status: 404,
        title: 'ResourceNotFound',
        detail: /nowhere/,
      },
      {
        who: 'dana',
        method: 'GET',
        route: '/api/models/groups/nowhere/history',
        status: 404,
        title: 'ResourceNotFound',
        detail: /nowhere/,
      },
      { who: 'dana', method: 'POST', route: `${v}/2/approve`, body: {}, status: 400, title: 'Bad Request', detail: /reason/ },
      { who: 'dana', method: 'POST', route: `${v}/2/approve`, body: { reason: '' }, status: 400, title: 'Bad Request', detail: /reason/ },
      {
        who: 'dana',
        method: 'POST',
        route: `${v}/2/approve`,
        body: { reason: '   ' },
        status: 400,
        title: 'ValidationException',
        detail: /reason/,
      },
      { who: 'dana', method: 'GET', route: '/api/models/groups/bad_name/versions', status: 400, title: 'Bad Request', detail: /group/ },
      { who: 'dana', method: 'GET', route: `${v}/0`, status: 400, title: 'Bad Request', detail: /version/ },
      { who: 'dana', method: 'GET', route: `${v}?approvalStatus=Maybe`, status: 400, title: 'Bad Request', detail: /approvalStatus/ },
    ];
    const seen = [];
    for (const row of table) {
      const answer = await m.as(row.who, row.method, row.route, row.body);
      const problem = answer.body as { title: string; detail: string };
      seen.push({ route: row.route, status: answer.status, type: answer.type, title: problem.title, detail: problem.detail });
    }
    expect(seen).toEqual(
      table.map((row) => ({
        route: row.route,
        status: row.status,
        type: expect.stringContaining('application/problem+json'),
        title: row.title,
        detail: expect.stringMatching(row.detail),
      })),
    );
    // Nothing refused changed anything.
    expect((await m.registry.history('refuse')).map((h) => h.action)).toEqual(['registered', 'registered', 'promoted']);
  });
});

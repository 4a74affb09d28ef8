import type { Actor, ModelApprovalStatus, ModelPackage, ModelRegistry, RegisterModelPackageInput } from '../model-registry';
import { expectRegistryError, outcomeOf } from './expect-registry-error';
import type { RegistryContractOptions, RegistryUnderTest } from './registry-under-test';
import {
  APPROVAL_TRANSITIONS,
  GROUP_NAMES,
  PROMOTE_BY_STATUS,
  PROMOTED_TRANSITIONS,
  SEQUENCE_HISTORY,
  SERVING_PERIODS,
  SERVING_SEQUENCE,
} from './registry-tables';

export type { RegistryContractOptions, RegistryUnderTest } from './registry-under-test';
export { expectRegistryError, outcomeOf } from './expect-registry-error';

const PIPELINE: Actor = { principal: 'pipeline:exec-1' };
const ALICE = (reason: string): Actor => ({ principal: 'alice', role: 'data-scientist', reason });
const ADMIN = (reason: string): Actor => ({ principal: 'root', role: 'admin', reason });

const GROUP_ARN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:model-package-group\/(.+)$/;
const PACKAGE_ARN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:model-package\/([^/]+)\/(\d+)$/;

/** A registration with every field the RegisterModel step fills. */
export function registration(groupName: string, approvalStatus: ModelApprovalStatus, n = 1): RegisterModelPackageInput {
  return {
    groupName,
    approvalStatus,
    modelDataUrl: `s3://triage-models/${groupName}/run-${n}/model.tar.gz`,
    imageUri: 'triage/inference:local',
    description: `run ${n}`,
    metrics: {
      accuracy: { value: 0.9, ci95: [0.85, 0.94] },
      auc: { value: 0.95 },
      evaluationUri: `s3://triage-models/${groupName}/run-${n}/evaluation.json`,
      reportUri: `s3://triage-models/${groupName}/run-${n}/report.html`,
    },
    lineage: { datasetSnapshotHash: `sha256:${String(n).padStart(64, '0')}`, pipelineExecutionArn: 'exec-1', codeVersion: 'abc123' },
    customerMetadata: { finding: 'pneumonia' },
    registeredBy: PIPELINE,
  };
}

/**
 * The ModelRegistry contract: SageMaker Model Registry semantics plus promotion. Every
 * implementation runs it (LocalModelRegistry in its spec; the SageMaker one against AWS).
 */
export function registryContract(name: string, options: RegistryContractOptions): void {
  describe(`ModelRegistry contract: ${name}`, () => {
    let under: RegistryUnderTest;
    let reg: ModelRegistry;
    const suffix = options.groupSuffix?.() ?? '';
    const group = (base: string) => `${base}${suffix}`;

    beforeEach(async () => {
      under = await options.open();
      reg = under.registry;
    });
    afterEach(async () => {
      await under.dispose();
    });

    const register = async (groupName: string, statuses: ModelApprovalStatus[]): Promise<ModelPackage[]> => {
      const out: ModelPackage[] = [];
      for (const [i, status] of statuses.entries()) out.push(await reg.createModelPackage(registration(groupName, status, i + 1)));
      return out;
    };

    describe('groups', () => {
      it('ensureModelPackageGroup is idempotent: the first description stays', async () => {
        const first = await reg.ensureModelPackageGroup(group('chest'), 'chest X-ray pneumonia');
        const again = await reg.ensureModelPackageGroup(group('chest'), 'something else');
        expect(again).toEqual(first);
        expect(first).toEqual({
          name: group('chest'),
          arn: expect.stringMatching(GROUP_ARN),
          description: 'chest X-ray pneumonia',
          createdAt: expect.any(String),
        });
        expect(GROUP_ARN.exec(first.arn)?.[1]).toBe(group('chest'));
      });

      it('validates names as SageMaker does', async () => {
        const outcomes = [];
        for (const { name: groupName } of GROUP_NAMES)
          outcomes.push({ name: groupName, outcome: await outcomeOf(reg.ensureModelPackageGroup(groupName + (groupName ? suffix : ''))) });
        expect(outcomes).toEqual(GROUP_NAMES.map((g) => ({ name: g.name, outcome: g.valid ? 'ok' : 'ValidationException' })));
      });

      it('lists groups by name, including those a registration created', async () => {
        await reg.ensureModelPackageGroup(group('b-group'));
        await reg.createModelPackage(registration(group('a-group'), 'PendingManualApproval'));
        await reg.ensureModelPackageGroup(group('c-group'));
        const names = (await reg.listModelPackageGroups()).map((g) => g.name).filter((n) => n.endsWith(suffix));
        expect(names).toEqual([group('a-group'), group('b-group'), group('c-group')]);
      });
    });

    describe('versions', () => {
      it('numbers versions per group from 1 and keeps what was registered', async () => {
        const [v1, v2] = await register(group('chest'), ['PendingManualApproval', 'Approved']);
        const [other] = await register(group('brain'), ['Rejected']);
        expect([v1.version, v2.version, other.version]).toEqual([1, 2, 1]);
        expect(PACKAGE_ARN.exec(v2.arn)?.slice(1)).toEqual([group('chest'), '2']);
        const { metrics, lineage, customerMetadata, registeredBy, description, modelDataUrl, imageUri } = registration(
          group('chest'),
          'Approved',
          2,
        );
        expect(await reg.describeModelPackage(v2.arn)).toEqual({
          arn: v2.arn,
          groupName: group('chest'),
          version: 2,
          status: 'Completed',
          approvalStatus: 'Approved',
          modelDataUrl,
          imageUri,
          description,
          metrics,
          lineage,
          customerMetadata,
          createdAt: expect.any(String),
          registeredBy,
          promoted: false,
        });
        expect(await reg.history(group('chest'))).toEqual([
          { groupName: group('chest'), arn: v1.arn, version: 1, action: 'registered', actor: PIPELINE, at: v1.createdAt },
          { groupName: group('chest'), arn: v2.arn, version: 2, action: 'registered', actor: PIPELINE, at: v2.createdAt },
        ]);
      });

      it('lists newest first, filtered by approval status', async () => {
        await register(group('chest'), ['Approved', 'Rejected', 'Approved', 'PendingManualApproval']);
        const versions = async (approvalStatus?: ModelApprovalStatus) =>
          (await reg.listModelPackages(group('chest'), approvalStatus && { approvalStatus })).map((p) => p.version);
        expect({
          all: await versions(),
          Approved: await versions('Approved'),
          Rejected: await versions('Rejected'),
          PendingManualApproval: await versions('PendingManualApproval'),
        }).toEqual({ all: [4, 3, 2, 1], Approved: [3, 1], Rejected: [2], PendingManualApproval: [4] });
      });

      it('refuses bad registrations and answers unknown names', async () => {
        const good = registration(group('chest'), 'Approved');
        const table: [string, RegisterModelPackageInput][] = [
          ['bad group', { ...good, groupName: 'chest_xray' }],
          ['bad status', { ...good, approvalStatus: 'Maybe' as ModelApprovalStatus }],
          ['bad model URL', { ...good, modelDataUrl: '/tmp/model.tar.gz' }],
          ['no image', { ...good, imageUri: '' }],
          ['NaN metric', { ...good, metrics: { auc: { value: Number.NaN } } }],
          ['no registrant', { ...good, registeredBy: { principal: '' } }],
        ];
        const outcomes = [];
        for (const [what, input] of table) outcomes.push([what, await outcomeOf(reg.createModelPackage(input))]);
        expect(outcomes).toEqual(table.map(([what]) => [what, 'ValidationException']));
        expect(await reg.listModelPackageGroups().then((gs) => gs.filter((g) => g.name === group('chest')))).toEqual([]);

        const [v1] = await register(group('chest'), ['Approved']);
        await expectRegistryError(reg.describeModelPackage(v1.arn.replace(/\/1$/, '/9')), 'ResourceNotFound', /9/);
        await expectRegistryError(reg.describeModelPackage('not-an-arn'), 'ValidationException');
        await expectRegistryError(reg.listModelPackages(group('nowhere')), 'ResourceNotFound', group('nowhere'));
        await expectRegistryError(reg.history(group('nowhere')), 'ResourceNotFound');
      });
    });

    describe('approval', () => {
      it('allows the transitions of the table on a version that is not promoted, each in the history with actor and reason', async () => {
        const results = [];
        for (const [i, row] of APPROVAL_TRANSITIONS.entries()) {
          const g = group(`t${i}`);
          const [pkg] = await register(g, [row.from]);
          const outcome = await outcomeOf(reg.updateApprovalStatus(pkg.arn, row.to, ALICE(`to ${row.to}`)));
          const after = await reg.describeModelPackage(pkg.arn);
          const history = (await reg.history(g)).map((h) => [h.action, h.actor]);
          results.push({
            ...row,
            outcome,
            status: after.approvalStatus,
            description: after.approvalDescription,
            by: after.approvedBy,
            history,
          });
        }
        const action = { Approved: 'approved', Rejected: 'rejected', PendingManualApproval: 'pending' };
        expect(results).toEqual(
          APPROVAL_TRANSITIONS.map((row) => ({
            ...row,
            status: row.outcome === 'ok' ? row.to : row.from,
            description: `to ${row.to}`,
            by: ALICE(`to ${row.to}`),
            history: [
              ['registered', PIPELINE],
              [action[row.to], ALICE(`to ${row.to}`)],
            ],
          })),
        );
      });

      it('refuses a change to the promoted version other than Approved: roll back first', async () => {
        const results = [];
        for (const [i, row] of PROMOTED_TRANSITIONS.entries()) {
          const g = group(`p${i}`);
          const [pkg] = await register(g, ['Approved']);
          await reg.promote(pkg.arn, ADMIN('ship it'));
          const outcome = await outcomeOf(reg.updateApprovalStatus(pkg.arn, row.to, ALICE('change')));
          const after = await reg.describeModelPackage(pkg.arn);
          results.push({ ...row, outcome, status: after.approvalStatus, promoted: after.promoted });
        }
        expect(results).toEqual(PROMOTED_TRANSITIONS.map((row) => ({ ...row, status: 'Approved', promoted: true })));
        await expectRegistryError(
          reg.updateApprovalStatus((await reg.promoted(group('p1')))!.arn, 'Rejected', ALICE('bad')),
          'ConflictException',
          /roll back/,
        );
      });

      it('needs an actor with a reason', async () => {
        const [pkg] = await register(group('chest'), ['PendingManualApproval']);
        await expectRegistryError(reg.updateApprovalStatus(pkg.arn, 'Approved', { principal: 'alice' }), 'ValidationException', /reason/);
        await expectRegistryError(
          reg.updateApprovalStatus(pkg.arn, 'Approved', { principal: 'alice', reason: '  ' }),
          'ValidationException',
          /reason/,
        );
        await expectRegistryError(
          reg.updateApprovalStatus(pkg.arn, 'Maybe' as ModelApprovalStatus, ALICE('x')),
          'ValidationException',
          /Maybe/,
        );
        expect((await reg.describeModelPackage(pkg.arn)).approvalStatus).toBe('PendingManualApproval');
        expect(await reg.history(group('chest'))).toHaveLength(1);
      });
    });

    describe('promotion', () => {
      it('promotes only an Approved version', async () => {
        const results = [];
        for (const [i, row] of PROMOTE_BY_STATUS.entries()) {
          const g = group(`s${i}`);
          const [pkg] = await register(g, [row.status]);
          const outcome = await outcomeOf(reg.promote(pkg.arn, ADMIN('ship it')));
          results.push({ ...row, outcome, promoted: (await reg.promoted(g))?.version });
        }
        expect(results).toEqual(PROMOTE_BY_STATUS.map((row) => ({ ...row, promoted: row.outcome === 'ok' ? 1 : undefined })));
      });

      it('promotes and rolls back as the sequence says, keeping the serving history and every action', async () => {
        const g = group('chest');
        const packages = await register(g, ['Approved', 'Approved', 'Approved']);
        const steps = [];
        for (const { step } of SERVING_SEQUENCE) {
          const actor = ADMIN(step);
          const outcome = await outcomeOf(
            step === 'rollback' ? reg.rollback(g, actor) : reg.promote(packages[Number(step.split(' ')[1]) - 1].arn, actor),
          );
          const listed = (await reg.listModelPackages(g)).filter((p) => p.promoted).map((p) => p.version);
          steps.push({ step, outcome, serving: (await reg.promoted(g))?.version, listed });
        }
        expect(steps).toEqual(SERVING_SEQUENCE.map((s) => ({ ...s, listed: s.serving === undefined ? [] : [s.serving] })));

        const periods = await reg.servingHistory(g);
        expect(periods.map((p) => ({ version: p.version, arn: p.arn, by: p.promotedBy }))).toEqual(
          SERVING_PERIODS.map((p) => ({ version: p.version, arn: packages[p.version - 1].arn, by: ADMIN(p.by) })),
        );
        // Periods follow one another: each ends when the next starts, and only the last is open.
        expect(periods.map((p, i) => p.until === periods[i + 1]?.from)).toEqual(periods.map(() => true));
        expect(periods.map((p) => p.from <= (p.until ?? p.from))).toEqual(periods.map(() => true));

        const history = (await reg.history(g)).slice(3);
        expect(history.map((h) => [h.action, h.version, h.actor.reason])).toEqual(SEQUENCE_HISTORY);
        expect(history.map((h) => h.actor)).toEqual(SEQUENCE_HISTORY.map(([, , reason]) => ADMIN(reason)));
      });

      it('does not roll back to a version rejected since it served', async () => {
        const g = group('chest');
        const [v1, v2] = await register(g, ['Approved', 'Approved']);
        await reg.promote(v1.arn, ADMIN('first'));
        await reg.promote(v2.arn, ADMIN('better'));
        await reg.updateApprovalStatus(v1.arn, 'Rejected', ALICE('found a bias'));
        await expectRegistryError(reg.rollback(g, ADMIN('v2 misbehaves')), 'ConflictException', /Rejected/);
        expect((await reg.promoted(g))?.version).toBe(2);
        await reg.updateApprovalStatus(v1.arn, 'Approved', ALICE('bias was a data error'));
        expect((await reg.rollback(g, ADMIN('v2 misbehaves'))).version).toBe(1);
        // Once v2 no longer serves it may be rejected.
        expect((await reg.updateApprovalStatus(v2.arn, 'Rejected', ALICE('misbehaved'))).approvalStatus).toBe('Rejected');
      });

      it('needs a reason to promote or roll back, and answers unknown versions and groups', async () => {
        const g = group('chest');
        const [v1] = await register(g, ['Approved']);
        await expectRegistryError(reg.promote(v1.arn, { principal: 'root' }), 'ValidationException', /reason/);
        await expectRegistryError(reg.rollback(g, { principal: 'root' }), 'ValidationException', /reason/);
        await expectRegistryError(reg.promote(v1.arn.replace(/\/1$/, '/2'), ADMIN('x')), 'ResourceNotFound');
        await expectRegistryError(reg.rollback(group('nowhere'), ADMIN('x')), 'ResourceNotFound');
        await expectRegistryError(reg.promoted(group('nowhere')), 'ResourceNotFound');
        expect(await reg.promoted(g)).toBeUndefined();
        expect(await reg.servingHistory(g)).toEqual([]);
      });

      it('leaves exactly one version promoted when two promotions race', async () => {
        const g = group('chest');
        const [v1, v2, v3] = await register(g, ['Approved', 'Approved', 'Approved']);
        await reg.promote(v1.arn, ADMIN('first'));
        const [a, b] = await Promise.all([reg.promote(v2.arn, ADMIN('race a')), reg.promote(v3.arn, ADMIN('race b'))]);
        expect([a.version, b.version]).toEqual([2, 3]);
        const promoted = (await reg.listModelPackages(g)).filter((p) => p.promoted);
        expect(promoted).toHaveLength(1);
        const periods = await reg.servingHistory(g);
        expect(periods.map((p) => p.version).sort()).toEqual([1, 2, 3]);
        expect(periods.at(-1)).toEqual(expect.objectContaining({ version: promoted[0].version }));
        expect(periods.at(-1)?.until).toBeUndefined();
      });
    });

    it('keeps everything across close and reopen', async () => {
      const g = group('chest');
      const [v1, v2] = await register(g, ['Approved', 'PendingManualApproval']);
      await reg.promote(v1.arn, ADMIN('first'));
      await reg.updateApprovalStatus(v2.arn, 'Approved', ALICE('looks good'));
      await reg.promote(v2.arn, ADMIN('better'));
      const before = {
        groups: await reg.listModelPackageGroups(),
        packages: await reg.listModelPackages(g),
        history: await reg.history(g),
        serving: await reg.servingHistory(g),
        promoted: await reg.promoted(g),
      };
      under = await under.reopen();
      reg = under.registry;
      expect({
        groups: await reg.listModelPackageGroups(),
        packages: await reg.listModelPackages(g),
        history: await reg.history(g),
        serving: await reg.servingHistory(g),
        promoted: await reg.promoted(g),
      }).toEqual(before);
      expect((await reg.rollback(g, ADMIN('after restart'))).version).toBe(1);
      expect((await reg.createModelPackage(registration(g, 'Approved', 3))).version).toBe(3);
    });
  });
}

import type { Actor } from '../../model-registry';
import type { PromotionHistoryLine, PromotionStore, ServingLine } from '../promotion-store';

/** How the suite opens an implementation: fresh state each time; `reopen` (when durable) opens the same state again. */
export interface PromotionStoreContractOptions {
  open(): Promise<{ store: PromotionStore; reopen?: () => Promise<PromotionStore>; dispose(): Promise<void> }>;
  /** Appended to every group name, so runs against a shared table never meet; default none. */
  groupSuffix?: () => string;
}

const ROOT: Actor = { principal: 'root', role: 'admin', reason: 'ship it' };
const PIPELINE: Actor = { principal: 'pipeline:exec-1' };
const ARN = (group: string, version: number) => `arn:aws:sagemaker:eu-west-1:123456789012:model-package/${group.toLowerCase()}/${version}`;

function line(group: string, version: number, action: PromotionHistoryLine['action'], actor: Actor, at: string): PromotionHistoryLine {
  return { version, arn: ARN(group, version), action, actor, at };
}

function serving(group: string, version: number, change: ServingLine['change'], at: string): ServingLine {
  return { version, arn: ARN(group, version), change, actor: ROOT, at };
}

/**
 * The PromotionStore contract: a compare-and-set per group on its revision, all or nothing. The
 * in-memory store runs it here; the DynamoDB one (mlops table, `REGISTRY#<group>`) runs it on dynalite.
 */
export function promotionStoreContract(name: string, options: PromotionStoreContractOptions): void {
  describe(`PromotionStore contract: ${name}`, () => {
    let store: PromotionStore;
    let opened: Awaited<ReturnType<PromotionStoreContractOptions['open']>>;
    const suffix = options.groupSuffix?.() ?? '';
    const group = (base: string) => `${base}${suffix}`;

    beforeEach(async () => {
      opened = await options.open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.dispose();
    });

    it('reads a group nothing was committed for as revision 0, nothing promoted, no history', async () => {
      const g = group('empty');
      expect({ state: await store.read(g), history: await store.history(g), serving: await store.servingLog(g) }).toEqual({
        state: { revision: 0, stack: [], pendingApprovals: {} },
        history: [],
        serving: [],
      });
    });

    it('commits at the revision read, all of a change at once, and refuses a stale revision writing nothing', async () => {
      const g = group('chest');
      const steps: { expected: number; change: Parameters<PromotionStore['commit']>[2]; committed: boolean }[] = [
        {
          expected: 0,
          change: { history: [line(g, 1, 'registered', PIPELINE, 't1'), line(g, 2, 'registered', PIPELINE, 't2')] },
          committed: true,
        },
        { expected: 1, change: { pendingApprovals: { 2: 'Approved' } }, committed: true },
        { expected: 1, change: { stack: [9], history: [line(g, 9, 'promoted', ROOT, 'stale')] }, committed: false },
        { expected: 2, change: { pendingApprovals: { 2: null }, history: [line(g, 2, 'approved', ROOT, 't3')] }, committed: true },
        {
          expected: 3,
          change: { stack: [2], history: [line(g, 2, 'promoted', ROOT, 't4')], serving: serving(g, 2, 'promoted', 't4') },
          committed: true,
        },
        {
          expected: 4,
          change: {
            stack: [2, 1],
            pendingApprovals: { 1: 'Rejected', 3: 'PendingManualApproval' },
            history: [line(g, 2, 'demoted', ROOT, 't5'), line(g, 1, 'promoted', ROOT, 't5')],
            serving: serving(g, 1, 'promoted', 't5'),
          },
          committed: true,
        },
        { expected: 5, change: { stack: [2], pendingApprovals: { 1: null } }, committed: true },
      ];
      const outcomes = [];
      for (const step of steps) outcomes.push(await store.commit(g, step.expected, step.change));
      expect(outcomes).toEqual(steps.map((s) => s.committed));
      expect(await store.read(g)).toEqual({ revision: 6, stack: [2], pendingApprovals: { 3: 'PendingManualApproval' } });
      expect(await store.history(g)).toEqual([
        line(g, 1, 'registered', PIPELINE, 't1'),
        line(g, 2, 'registered', PIPELINE, 't2'),
        line(g, 2, 'approved', ROOT, 't3'),
        line(g, 2, 'promoted', ROOT, 't4'),
        line(g, 2, 'demoted', ROOT, 't5'),
        line(g, 1, 'promoted', ROOT, 't5'),
      ]);
      expect(await store.servingLog(g)).toEqual([serving(g, 2, 'promoted', 't4'), serving(g, 1, 'promoted', 't5')]);
    });

    it('keeps groups apart', async () => {
      const [a, b] = [group('a-group'), group('b-group')];
      expect(await store.commit(a, 0, { stack: [1], serving: serving(a, 1, 'promoted', 't1') })).toBe(true);
      expect(await store.commit(b, 1, { stack: [7] })).toBe(false);
      expect({ a: await store.read(a), b: await store.read(b), bServing: await store.servingLog(b) }).toEqual({
        a: { revision: 1, stack: [1], pendingApprovals: {} },
        b: { revision: 0, stack: [], pendingApprovals: {} },
        bServing: [],
      });
    });

    it('lets exactly one of several commits at the same revision through', async () => {
      const g = group('race');
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((v) => store.commit(g, 0, { stack: [v], history: [line(g, v, 'promoted', ROOT, `t${v}`)] })),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true) + 1;
      expect({ state: await store.read(g), history: await store.history(g) }).toEqual({
        state: { revision: 1, stack: [winner], pendingApprovals: {} },
        history: [line(g, winner, 'promoted', ROOT, `t${winner}`)],
      });
    });

    it('answers copies: changing what it returned changes nothing stored', async () => {
      const g = group('copies');
      await store.commit(g, 0, { stack: [1], history: [line(g, 1, 'promoted', ROOT, 't1')] });
      const state = await store.read(g);
      state.stack.push(5);
      state.pendingApprovals['1'] = 'Rejected';
      (await store.history(g))[0].actor.principal = 'mallory';
      expect({ state: await store.read(g), actor: (await store.history(g))[0].actor }).toEqual({
        state: { revision: 1, stack: [1], pendingApprovals: {} },
        actor: ROOT,
      });
    });

    it('keeps everything across a reopen (durable stores)', async () => {
      if (!opened.reopen) return;
      const g = group('durable');
      await store.commit(g, 0, {
        stack: [1],
        pendingApprovals: { 2: 'Rejected' },
        history: [line(g, 1, 'promoted', ROOT, 't1')],
        serving: serving(g, 1, 'promoted', 't1'),
      });
      const again = await opened.reopen();
      expect({ state: await again.read(g), history: await again.history(g), serving: await again.servingLog(g) }).toEqual({
        state: { revision: 1, stack: [1], pendingApprovals: { 2: 'Rejected' } },
        history: [line(g, 1, 'promoted', ROOT, 't1')],
        serving: [serving(g, 1, 'promoted', 't1')],
      });
    });
  });
}

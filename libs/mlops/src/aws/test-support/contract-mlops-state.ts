import type { EvaluationRecord, EvaluationStore } from '../../handlers/model-evaluation/evaluation-store';
import type { TriggerState } from '../../handlers/pipeline-trigger/trigger-state';
import type { ProcessedEvents } from '../../handlers/processed-events';

/** One process's view of the loop's state. */
export interface MlopsStateHandle {
  trigger: TriggerState;
  processed: ProcessedEvents;
  evaluations: EvaluationStore;
}

/** Fresh state of one implementation; every handle opened on it is another process over the same state. */
export interface MlopsStateUnderTest {
  handle(now: () => Date): MlopsStateHandle;
  dispose(): Promise<void>;
}

export interface MlopsStateContractOptions {
  create(): Promise<MlopsStateUnderTest>;
}

const T0 = '2024-06-01T10:00:00.000Z';
const T1 = '2024-06-01T11:00:00.000Z';
const T2 = '2024-06-01T12:00:00.000Z';

function evaluation(executionArn: string, endedAt: string, extra: Partial<EvaluationRecord> = {}): EvaluationRecord {
  return { executionArn, pipelineName: 'triage-pipeline', status: 'Succeeded', decision: 'approved', endedAt, ...extra };
}

/**
 * The loop's state ports (trigger state, processed events, evaluations): every implementation
 * runs it (SQLite and DynamoDB), with several handles on one state standing for several processes.
 */
export function mlopsStateContract(name: string, options: MlopsStateContractOptions): void {
  describe(`mlops state contract: ${name}`, () => {
    let u: MlopsStateUnderTest;
    let clock: string;
    let a: MlopsStateHandle;
    let b: MlopsStateHandle;
    beforeEach(async () => {
      u = await options.create();
      clock = T0;
      a = u.handle(() => new Date(clock));
      b = u.handle(() => new Date(clock));
    });
    afterEach(async () => {
      await u.dispose();
    });

    describe('trigger state', () => {
      it('counts each verified label once per event id, per group, from when the group was first seen', async () => {
        expect(await a.trigger.snapshot('g')).toEqual({ newLabels: 0, lastRunAt: T0 });
        clock = T1;
        const counted = await Promise.all([
          a.trigger.recordLabel('g', 'e1'),
          b.trigger.recordLabel('g', 'e1'),
          b.trigger.recordLabel('g', 'e2'),
          a.trigger.recordLabel('other', 'e1'),
        ]);
        // e1 delivered twice at once: exactly one of the two counts it.
        expect([counted[0] !== counted[1], counted[2], counted[3]]).toEqual([true, true, true]);
        expect(await b.trigger.snapshot('g')).toEqual({ newLabels: 2, lastRunAt: T0 });
        expect(await a.trigger.snapshot('other')).toEqual({ newLabels: 1, lastRunAt: T1 });
        expect(await a.trigger.recordLabel('g', 'e2')).toBe(false);
      });

      it('counts every label of writers racing, each once', async () => {
        const ids = Array.from({ length: 5 }, (_, i) => `e${i}`);
        const counted = await Promise.all([
          ...ids.map((id) => a.trigger.recordLabel('g', id)),
          ...ids.map((id) => b.trigger.recordLabel('g', id)),
        ]);
        expect(counted.filter(Boolean)).toHaveLength(5);
        expect(ids.map((_, i) => counted[i] !== counted[i + 5])).toEqual(ids.map(() => true));
        expect((await a.trigger.snapshot('g')).newLabels).toBe(5);
      });

      it('claims once when the decision says so; the count restarts and a held claim starts nothing', async () => {
        await a.trigger.recordLabel('g', 'e1');
        await a.trigger.recordLabel('g', 'e2');
        clock = T1;
        const seen: unknown[] = [];
        expect(await a.trigger.claim('g', 'trigger:labels', (s) => (seen.push(s), s.newLabels >= 3))).toEqual({
          claimed: false,
          snapshot: { newLabels: 2, lastRunAt: T0 },
        });
        const outcome = await a.trigger.claim('g', 'trigger:labels', (s) => (seen.push(s), s.newLabels >= 2));
        expect(seen).toEqual([
          { newLabels: 2, lastRunAt: T0 },
          { newLabels: 2, lastRunAt: T0 },
        ]);
        expect(outcome).toEqual({ claimed: true, claim: { token: expect.any(String), claimedAt: T1, startedBy: 'trigger:labels' } });
        if (!outcome.claimed) return;
        const claim = outcome.claim;
        expect(await b.trigger.snapshot('g')).toEqual({ newLabels: 0, lastRunAt: T1, claim });
        expect(await b.trigger.claim('g', 'trigger:schedule', () => true)).toEqual({
          claimed: false,
          snapshot: { newLabels: 0, lastRunAt: T1, claim },
        });
        await b.trigger.started('g', 'not-the-token', 'arn:wrong');
        await b.trigger.started('g', claim.token, 'arn:run-1');
        await a.trigger.recordLabel('g', 'e3');
        expect(await a.trigger.snapshot('g')).toEqual({ newLabels: 1, lastRunAt: T1, claim: { ...claim, executionArn: 'arn:run-1' } });
        await a.trigger.runEnded('g', 'arn:other-run');
        expect((await a.trigger.snapshot('g')).claim?.executionArn).toBe('arn:run-1');
        clock = T2;
        await b.trigger.runEnded('g', 'arn:run-1');
        expect(await a.trigger.snapshot('g')).toEqual({ newLabels: 1, lastRunAt: T1 });
      });

      it('lets exactly one of several processes deciding at once claim the run', async () => {
        await a.trigger.recordLabel('g', 'e1');
        const outcomes = await Promise.all([a, b, a, b].map((h, i) => h.trigger.claim('g', `p${i}`, (s) => s.newLabels >= 1)));
        expect(outcomes.filter((o) => o.claimed)).toHaveLength(1);
        const winner = outcomes.find((o) => o.claimed);
        for (const o of outcomes) if (!o.claimed) expect(o.snapshot.claim).toEqual(winner?.claimed ? winner.claim : undefined);
      });

      it('releases a claim whose start failed: the count and last run back, and the event may be counted again', async () => {
        await a.trigger.recordLabel('g', 'e1');
        await a.trigger.recordLabel('g', 'e2');
        clock = T1;
        const outcome = await a.trigger.claim('g', 'trigger:labels', () => true);
        if (!outcome.claimed) throw new Error('expected a claim');
        await b.trigger.recordLabel('g', 'e3');
        await b.trigger.release('g', 'not-the-token', 'e2');
        expect((await a.trigger.snapshot('g')).claim).toEqual(outcome.claim);
        await b.trigger.release('g', outcome.claim.token, 'e2');
        expect(await a.trigger.snapshot('g')).toEqual({ newLabels: 2, lastRunAt: T0 });
        expect(await a.trigger.recordLabel('g', 'e2')).toBe(true);
        expect(await a.trigger.recordLabel('g', 'e1')).toBe(false);
        expect((await a.trigger.snapshot('g')).newLabels).toBe(3);
        // Released without an event: the count is all the labels again.
        const again = await a.trigger.claim('g', 'trigger:schedule', () => true);
        if (!again.claimed) throw new Error('expected a claim');
        await a.trigger.release('g', again.claim.token);
        expect(await a.trigger.snapshot('g')).toEqual({ newLabels: 3, lastRunAt: T0 });
        // A release after the run ended has nothing to undo.
        const third = await a.trigger.claim('g', 'trigger:schedule', () => true);
        if (!third.claimed) throw new Error('expected a claim');
        await a.trigger.started('g', third.claim.token, 'arn:run-3');
        await a.trigger.runEnded('g', 'arn:run-3');
        await a.trigger.release('g', third.claim.token, 'e1');
        expect(await a.trigger.snapshot('g')).toEqual({ newLabels: 0, lastRunAt: T1 });
        expect(await a.trigger.recordLabel('g', 'e1')).toBe(false);
      });
    });

    describe('processed events', () => {
      it("remembers each subscriber's events, once, for every process", async () => {
        expect(await a.processed.has('registry', 'e1')).toBe(false);
        await a.processed.add('registry', 'e1');
        await b.processed.add('registry', 'e1');
        await b.processed.add('registry#x', 'e1');
        expect(
          await Promise.all([
            b.processed.has('registry', 'e1'),
            a.processed.has('evaluation', 'e1'),
            a.processed.has('registry', 'e2'),
            // A separator inside a name never makes two keys one.
            a.processed.has('registry', 'x#e1'),
            a.processed.has('registry#x', 'e1'),
          ]),
        ).toEqual([true, false, false, false, true]);
      });
    });

    describe('evaluations', () => {
      it('gets a record by execution, replaces it on a second put, and lists newest ended first (ties by ARN, descending)', async () => {
        const r1 = evaluation('arn:exec/1', T0, { accuracy: 0.91, modelPackageArn: 'arn:pkg/1', modelPackageVersion: 1 });
        const r2 = evaluation('arn:exec/2', T1, { status: 'Failed', decision: 'failed', failureReason: 'OOM' });
        const r3 = evaluation('arn:exec/3', T1, { status: 'Stopped', decision: 'stopped' });
        for (const r of [r1, r2, r3]) await a.evaluations.put(r);
        expect(await b.evaluations.get('arn:exec/1')).toEqual(r1);
        expect(await b.evaluations.get('arn:exec/9')).toBeUndefined();
        expect((await b.evaluations.list()).map((r) => r.executionArn)).toEqual(['arn:exec/3', 'arn:exec/2', 'arn:exec/1']);
        const r1later = { ...r1, endedAt: T2, decision: 'pending-manual-approval' as const };
        await b.evaluations.put(r1later);
        expect(await a.evaluations.get('arn:exec/1')).toEqual(r1later);
        expect(await a.evaluations.list()).toEqual([r1later, r3, r2]);
        expect((await a.evaluations.list({ limit: 2 })).map((r) => r.executionArn)).toEqual(['arn:exec/1', 'arn:exec/3']);
        expect(await a.evaluations.list({ limit: 0 })).toEqual([r1later]);
      });

      it('stores what a record holds, without fields set to undefined', async () => {
        const record = { ...evaluation('arn:exec/u', T0), accuracy: undefined };
        await a.evaluations.put(record);
        expect(await a.evaluations.get('arn:exec/u')).toStrictEqual(evaluation('arn:exec/u', T0));
      });
    });
  });
}

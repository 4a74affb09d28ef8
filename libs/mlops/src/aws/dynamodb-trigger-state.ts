import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PipelineExecutionArn } from '@triage/pipeline';
import type { ClaimOutcome, RunClaim, TriggerSnapshot, TriggerState } from '../handlers/pipeline-trigger/trigger-state';
import { cancellationCodes, conditionFailed, documentClient } from '@triage/platform';

/** Options for {@link DynamoDbTriggerState}. */
export interface DynamoDbTriggerStateOptions {
  client: DynamoDBDocumentClient | DynamoDBClient;
  /** The mlops table (`triage-<env>-mlops`). */
  tableName: string;
  now?: () => Date;
}

/** The group's state item (`pk = TRIGGER#<group>`, `sk = STATE`): the SQLite tables' columns as counters. */
interface GroupItem {
  /** The highest label sequence number given out (SQLite's AUTOINCREMENT). */
  seq: number;
  /** Labels counted toward the next run (SQLite: labels with a seq above base_seq). */
  count: number;
  baseSeq: number;
  lastRunAt: string;
  claimToken?: string;
  claimedAt?: string;
  startedBy?: string;
  executionArn?: string;
  /** What a release restores. */
  prevBaseSeq?: number;
  prevCount?: number;
  prevLastRunAt?: string;
}

/** How often a change is tried again when another process changed the group between its read and its write. */
const MAX_ATTEMPTS = 20;

/**
 * The pipeline trigger's state on DynamoDB. SQLite's BEGIN IMMEDIATE becomes conditions: the
 * group's item is only written on condition that it is still what was read (its `seq` and `count`,
 * its claim), and a label is counted in one transaction with the Put of its `LABEL#<eventId>` item
 * (refused when it exists: counted once). Two processes deciding at once: one claim's condition
 * fails, it reads again, sees the claim, and starts nothing.
 */
export class DynamoDbTriggerState implements TriggerState {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly now: () => Date;

  constructor(options: DynamoDbTriggerStateOptions) {
    this.db = documentClient(options.client);
    this.table = options.tableName;
    this.now = options.now ?? (() => new Date());
  }

  async recordLabel(group: string, eventId: string): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const state = await this.group(group);
      const seq = state.seq + 1;
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.table,
                  Item: { pk: pk(group), sk: labelSk(eventId), seq },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Update: {
                  TableName: this.table,
                  Key: stateKey(group),
                  UpdateExpression: 'SET #seq = :seq, #count = #count + :one',
                  ConditionExpression: '#seq = :was',
                  ExpressionAttributeNames: { '#seq': 'seq', '#count': 'count' },
                  ExpressionAttributeValues: { ':seq': seq, ':one': 1, ':was': state.seq },
                },
              },
            ],
            ClientRequestToken: randomUUID(),
          }),
        );
        return true;
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        if (codes[0] === 'ConditionalCheckFailed') return false;
        if (attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  async snapshot(group: string): Promise<TriggerSnapshot> {
    return snapshotOf(await this.group(group));
  }

  async claim(group: string, startedBy: string, decide: (snapshot: TriggerSnapshot) => boolean): Promise<ClaimOutcome> {
    for (let attempt = 1; ; attempt++) {
      const state = await this.group(group);
      const snapshot = snapshotOf(state);
      if (snapshot.claim || !decide(snapshot)) return { claimed: false, snapshot };
      const claim: RunClaim = { token: randomUUID(), claimedAt: this.now().toISOString(), startedBy };
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.table,
            Key: stateKey(group),
            UpdateExpression:
              'SET claimToken = :token, claimedAt = :at, startedBy = :by, prevBaseSeq = baseSeq, prevCount = #count, ' +
              'prevLastRunAt = lastRunAt, baseSeq = #seq, #count = :zero, lastRunAt = :at REMOVE executionArn',
            // The snapshot decided on is still the group's: no claim since, no label since.
            ConditionExpression: 'attribute_not_exists(claimToken) AND #seq = :seq AND #count = :count',
            ExpressionAttributeNames: { '#seq': 'seq', '#count': 'count' },
            ExpressionAttributeValues: {
              ':token': claim.token,
              ':at': claim.claimedAt,
              ':by': startedBy,
              ':zero': 0,
              ':seq': state.seq,
              ':count': state.count,
            },
          }),
        );
        return { claimed: true, claim };
      } catch (error) {
        if (!conditionFailed(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  async started(group: string, token: string, executionArn: PipelineExecutionArn): Promise<void> {
    await this.ifHeld(
      new UpdateCommand({
        TableName: this.table,
        Key: stateKey(group),
        UpdateExpression: 'SET executionArn = :arn',
        ConditionExpression: 'claimToken = :token',
        ExpressionAttributeValues: { ':arn': executionArn, ':token': token },
      }),
    );
  }

  async release(group: string, token: string, eventId?: string): Promise<void> {
    const state = await this.group(group);
    if (state.claimToken !== token) return;
    const label =
      eventId === undefined
        ? undefined
        : ((
            await this.db.send(
              new GetCommand({ TableName: this.table, Key: { pk: pk(group), sk: labelSk(eventId) }, ConsistentRead: true }),
            )
          ).Item as { seq: number } | undefined);
    // The count goes back to the labels since the previous base, less the released event when it was one of them.
    const uncounted = label && label.seq > (state.prevBaseSeq ?? 0) ? 1 : 0;
    const update = {
      TableName: this.table,
      Key: stateKey(group),
      UpdateExpression:
        'SET baseSeq = :prevBase, lastRunAt = :prevLastRunAt, #count = #count + :delta ' +
        'REMOVE claimToken, claimedAt, startedBy, executionArn, prevBaseSeq, prevCount, prevLastRunAt',
      // Holding the token, nothing but new labels (which add to count) can change the group.
      ConditionExpression: 'claimToken = :token',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: {
        ':prevBase': state.prevBaseSeq ?? 0,
        ':prevLastRunAt': state.prevLastRunAt ?? state.lastRunAt,
        ':delta': (state.prevCount ?? 0) - uncounted,
        ':token': token,
      },
    };
    if (!label || eventId === undefined) {
      await this.ifHeld(new UpdateCommand(update));
      return;
    }
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [{ Update: update }, { Delete: { TableName: this.table, Key: { pk: pk(group), sk: labelSk(eventId) } } }],
          ClientRequestToken: randomUUID(),
        }),
      );
    } catch (error) {
      // The claim is no longer held (released or ended meanwhile): nothing to undo, as in SQLite.
      if (cancellationCodes(error)?.[0] !== 'ConditionalCheckFailed') throw error;
    }
  }

  async runEnded(group: string, executionArn: PipelineExecutionArn): Promise<void> {
    await this.ifHeld(
      new UpdateCommand({
        TableName: this.table,
        Key: stateKey(group),
        UpdateExpression: 'REMOVE claimToken, claimedAt, startedBy, executionArn, prevBaseSeq, prevCount, prevLastRunAt',
        ConditionExpression: 'executionArn = :arn',
        ExpressionAttributeValues: { ':arn': executionArn },
      }),
    );
  }

  /** The group's item, created when first seen (the schedule counts from then). */
  private async group(group: string): Promise<GroupItem> {
    for (;;) {
      const got = await this.db.send(new GetCommand({ TableName: this.table, Key: stateKey(group), ConsistentRead: true }));
      if (got.Item) return got.Item as GroupItem;
      const initial: GroupItem = { seq: 0, count: 0, baseSeq: 0, lastRunAt: this.now().toISOString() };
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...stateKey(group), ...initial },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return initial;
      } catch (error) {
        // Another process created it first: read theirs.
        if (!conditionFailed(error)) throw error;
      }
    }
  }

  /** A write that applies only while its condition (the claim held) holds; otherwise nothing happens, as in SQLite. */
  private async ifHeld(command: UpdateCommand): Promise<void> {
    try {
      await this.db.send(command);
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
  }
}

function pk(group: string): string {
  return `TRIGGER#${group}`;
}

function stateKey(group: string): { pk: string; sk: string } {
  return { pk: pk(group), sk: 'STATE' };
}

function labelSk(eventId: string): string {
  return `LABEL#${eventId}`;
}

function snapshotOf(s: GroupItem): TriggerSnapshot {
  return {
    newLabels: s.count,
    lastRunAt: s.lastRunAt,
    ...(s.claimToken !== undefined && {
      claim: {
        token: s.claimToken,
        claimedAt: s.claimedAt ?? s.lastRunAt,
        startedBy: s.startedBy ?? 'unknown',
        ...(s.executionArn !== undefined && { executionArn: s.executionArn }),
      },
    }),
  };
}

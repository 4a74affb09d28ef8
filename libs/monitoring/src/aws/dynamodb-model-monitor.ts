import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { compareWindow, type DriftThresholds } from '../drift/compare-window';
import type { DriftReference, DriftRow } from '../drift/drift-reference';
import { IMAGE_FEATURE_NAMES } from '../features/image-features';
import type {
  DriftStatus,
  ImageSetKey,
  LabelOf,
  MonitoredModel,
  ScoreCount,
  ScoreRecord,
  ScoreRole,
  ShadowComparison,
} from '../model-monitor';
import type { AsyncModelMonitor } from './async-model-monitor';
import { compareShadow } from '../shadow/compare-shadow';
import { cancellationCodes, documentClient } from '@triage/platform';

/** Options for {@link DynamoDbModelMonitor}. */
export interface DynamoDbModelMonitorOptions {
  client: DynamoDBDocumentClient | DynamoDBClient;
  /** The metrics table (`triage-<env>-metrics`). */
  tableName: string;
  now?: () => Date;
}

/** A score in a version's window: `SCORES#<arn>#<role>` / `SEQ#<seq>`, in the order recorded. */
interface WindowItem extends DriftRow {
  seq: number;
  groupName: string;
  datastoreId: string;
  imageSetId: string;
  scoredAt: string;
}

/** A version's latest drift check: `DRIFT#<arn>` / `LATEST` (the episode state). */
interface LatestCheck {
  checks: number;
  windowLastSeq: number;
  windowSize: number;
  drifted: boolean;
  status: string;
}

const MAX_ATTEMPTS = 20;

/**
 * The model monitor on the metrics table. Per version and role, scores are numbered by a counter
 * item (`SCORES#<arn>#<role>` / `COUNT`, on gsi1 under `GROUP#<group>` for the counts), each score
 * written in one transaction with its dedupe item (`SCORED#<arn>#<role>#<datastore>#<imageSet>`,
 * refused when it exists) and the counter's conditional step: the SQLite AUTOINCREMENT and UNIQUE
 * constraint, as conditions. A drift check is one transaction too, conditional on the version's
 * latest check being the one read, so two processes checking at once cross once.
 */
export class DynamoDbModelMonitor implements AsyncModelMonitor {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly now: () => Date;

  constructor(options: DynamoDbModelMonitorOptions) {
    this.db = documentClient(options.client);
    this.table = options.tableName;
    this.now = options.now ?? (() => new Date());
  }

  async recordScore(s: ScoreRecord): Promise<void> {
    if (s.role !== 'serving' && s.role !== 'shadow')
      throw new RangeError(`recordScore: role ${String(s.role)} is neither serving nor shadow`);
    for (const [name, v] of [['score', s.score], ...IMAGE_FEATURE_NAMES.map((f) => [f, s.features[f]] as const)] as const)
      if (!Number.isFinite(v)) throw new RangeError(`recordScore: ${name} ${v} is not finite`);
    const counterKey = { pk: scoresPk(s.modelPackageArn, s.role), sk: 'COUNT' };
    for (let attempt = 1; ; attempt++) {
      const counter = (await this.get(counterKey)) as { seq: number } | undefined;
      const seq = (counter?.seq ?? 0) + 1;
      const window: WindowItem = {
        seq,
        groupName: s.groupName,
        datastoreId: s.datastoreId,
        imageSetId: s.imageSetId,
        score: s.score,
        ...s.features,
        scoredAt: s.scoredAt,
      };
      const outcome = await this.transact(
        {
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { pk: scoredPk(s), sk: 'SCORE', seq },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.table,
                Key: counterKey,
                UpdateExpression:
                  'SET #seq = :seq, #group = :group, #arn = :arn, #version = :version, #role = :role, #g1pk = :g1pk, #g1sk = :g1sk',
                ConditionExpression: counter ? '#seq = :was' : 'attribute_not_exists(pk)',
                ExpressionAttributeNames: {
                  '#seq': 'seq',
                  '#group': 'groupName',
                  '#arn': 'modelPackageArn',
                  '#version': 'version',
                  '#role': 'role',
                  '#g1pk': 'gsi1pk',
                  '#g1sk': 'gsi1sk',
                },
                ExpressionAttributeValues: {
                  ':seq': seq,
                  ':group': s.groupName,
                  ':arn': s.modelPackageArn,
                  ':version': s.version,
                  ':role': s.role,
                  ':g1pk': groupPk(s.groupName),
                  ':g1sk': `COUNT#${s.modelPackageArn}#${s.role}`,
                  ...(counter ? { ':was': counter.seq } : {}),
                },
              },
            },
            { Put: { TableName: this.table, Item: { pk: counterKey.pk, sk: seqSk(seq), ...window } } },
          ],
        },
        attempt,
      );
      // Scored before (a redelivered event): nothing new.
      if (outcome === 'written' || outcome[0] === 'ConditionalCheckFailed') return;
    }
  }

  async checkDrift(
    model: MonitoredModel,
    reference: DriftReference,
    t: DriftThresholds,
  ): Promise<{ status: DriftStatus; crossed: boolean } | undefined> {
    if (!(t.windowSize >= 1 && t.minWindow >= 1))
      throw new RangeError(`checkDrift: windowSize ${t.windowSize} and minWindow ${t.minWindow} must be positive`);
    for (let attempt = 1; ; attempt++) {
      const rows = await this.query<WindowItem>(
        {
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :seq)',
          ExpressionAttributeValues: { ':pk': scoresPk(model.modelPackageArn, 'serving'), ':seq': 'SEQ#' },
          ScanIndexForward: false,
        },
        t.windowSize,
      );
      if (rows.length < t.minWindow) return undefined;
      const latestKey = { pk: `DRIFT#${model.modelPackageArn}`, sk: 'LATEST' };
      const previous = (await this.get(latestKey)) as LatestCheck | undefined;
      const lastSeq = rows[0].seq;
      // Nothing scored since the last check (a redelivered event): the same window, the same answer, no new episode.
      if (previous && previous.windowLastSeq === lastSeq && previous.windowSize === rows.length)
        return { status: JSON.parse(previous.status) as DriftStatus, crossed: false };
      const features = compareWindow(reference, rows, t);
      const times = rows.map((r) => r.scoredAt).sort();
      const status: DriftStatus = {
        groupName: model.groupName,
        modelPackageArn: model.modelPackageArn,
        version: model.version,
        checkedAt: this.now().toISOString(),
        windowSize: rows.length,
        windowStart: times[0],
        windowEnd: times[times.length - 1],
        drifted: features.some((f) => f.drifted),
        features,
      };
      const counterKey = { pk: groupPk(model.groupName), sk: 'CHECKS' };
      const counter = (await this.get(counterKey)) as { seq: number } | undefined;
      const seq = (counter?.seq ?? 0) + 1;
      const latest: LatestCheck = {
        checks: (previous?.checks ?? 0) + 1,
        windowLastSeq: lastSeq,
        windowSize: rows.length,
        drifted: status.drifted,
        status: JSON.stringify(status),
      };
      const outcome = await this.transact(
        {
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { ...latestKey, ...latest },
                // Still the check read: another process's check in between means read again.
                ConditionExpression: previous ? '#checks = :checks' : 'attribute_not_exists(pk)',
                ...(previous
                  ? { ExpressionAttributeNames: { '#checks': 'checks' }, ExpressionAttributeValues: { ':checks': previous.checks } }
                  : {}),
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { ...counterKey, seq },
                ConditionExpression: counter ? '#seq = :was' : 'attribute_not_exists(pk)',
                ...(counter ? { ExpressionAttributeNames: { '#seq': 'seq' }, ExpressionAttributeValues: { ':was': counter.seq } } : {}),
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { pk: counterKey.pk, sk: `CHECK#${String(seq).padStart(12, '0')}`, status: latest.status },
              },
            },
          ],
        },
        attempt,
      );
      if (outcome === 'written') return { status, crossed: status.drifted && previous?.drifted !== true };
    }
  }

  async driftHistory(groupName: string, limit = 50): Promise<DriftStatus[]> {
    const items = await this.query(
      {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :check)',
        ExpressionAttributeValues: { ':pk': groupPk(groupName), ':check': 'CHECK#' },
        ScanIndexForward: false,
      },
      limit,
    );
    return items.map((i) => JSON.parse(i['status'] as string) as DriftStatus);
  }

  async pairedImageSets(groupName: string, servingArn: string, shadowArn: string): Promise<ImageSetKey[]> {
    return (await this.paired(groupName, servingArn, shadowArn)).map(({ datastoreId, imageSetId }) => ({ datastoreId, imageSetId }));
  }

  async shadowComparison(
    groupName: string,
    servingArn: string,
    shadowArn: string,
    labelOf: LabelOf,
    threshold: number,
  ): Promise<ShadowComparison> {
    const pairs = await this.paired(groupName, servingArn, shadowArn);
    return compareShadow(pairs, servingArn, shadowArn, labelOf, threshold);
  }

  async scoreCounts(groupName: string): Promise<ScoreCount[]> {
    const counters = await this.query<{ modelPackageArn: string; version: number; role: ScoreRole; seq: number }>({
      TableName: this.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :count)',
      ExpressionAttributeValues: { ':pk': groupPk(groupName), ':count': 'COUNT#' },
    });
    return counters
      .map((c) => ({ modelPackageArn: c.modelPackageArn, version: c.version, role: c.role, count: c.seq }))
      .sort((a, b) => b.version - a.version || (a.role < b.role ? -1 : a.role > b.role ? 1 : 0));
  }

  /** Nothing to close: the client is the caller's. */
  async close(): Promise<void> {
    // The client is the caller's, and stays open; nothing else is held.
  }

  /** The serving version's scores (in the order recorded) whose image set the candidate scored as shadow, in the same group. */
  private async paired(groupName: string, servingArn: string, shadowArn: string) {
    const window = async (arn: string, role: ScoreRole) =>
      (
        await this.query<WindowItem>({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :seq)',
          ExpressionAttributeValues: { ':pk': scoresPk(arn, role), ':seq': 'SEQ#' },
        })
      ).filter((w) => w.groupName === groupName);
    const shadow = new Map((await window(shadowArn, 'shadow')).map((w) => [JSON.stringify([w.datastoreId, w.imageSetId]), w.score]));
    return (await window(servingArn, 'serving')).flatMap((w) => {
      const other = shadow.get(JSON.stringify([w.datastoreId, w.imageSetId]));
      return other === undefined ? [] : [{ datastoreId: w.datastoreId, imageSetId: w.imageSetId, serving: w.score, shadow: other }];
    });
  }

  private async get(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    return (await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }))).Item;
  }

  /** Every item the query matches (or the first `limit`), across pages; strongly consistent on the table. */
  private async query<T = Record<string, unknown>>(input: QueryCommandInput, limit?: number): Promise<T[]> {
    const items: T[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          ...input,
          ...(input.IndexName ? {} : { ConsistentRead: true }),
          ...(limit !== undefined ? { Limit: limit - items.length } : {}),
          ExclusiveStartKey: start,
        }),
      );
      items.push(...((page.Items ?? []) as T[]));
      start = page.LastEvaluatedKey;
    } while (start && (limit === undefined || items.length < limit));
    return items;
  }

  /** One transaction: written, or the cancellation codes of a race to read again (a throw after too many). */
  private async transact(input: TransactWriteCommandInput, attempt: number): Promise<'written' | string[]> {
    try {
      await this.db.send(new TransactWriteCommand({ ...input, ClientRequestToken: randomUUID() }));
      return 'written';
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes === undefined || attempt >= MAX_ATTEMPTS) throw error;
      // Only a race is worth another read; anything else (an invalid item, say) is the answer.
      if (!codes.every((c) => c === 'None' || c === 'ConditionalCheckFailed' || c === 'TransactionConflict')) throw error;
      return codes;
    }
  }
}

function part(value: string): string {
  return value.replaceAll('%', '%25').replaceAll('#', '%23');
}

function scoresPk(arn: string, role: ScoreRole): string {
  return `SCORES#${part(arn)}#${role}`;
}

function scoredPk(s: ScoreRecord): string {
  return `SCORED#${part(s.modelPackageArn)}#${s.role}#${part(s.datastoreId)}#${part(s.imageSetId)}`;
}

function groupPk(groupName: string): string {
  return `GROUP#${part(groupName)}`;
}

function seqSk(seq: number): string {
  return `SEQ#${String(seq).padStart(12, '0')}`;
}

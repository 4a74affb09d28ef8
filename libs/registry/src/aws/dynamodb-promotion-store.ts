import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cancellationCodes } from '@triage/platform';
import type { ModelApprovalStatus, ModelPackageGroupName } from '../model-registry';
import type { PromotionChange, PromotionHistoryLine, PromotionState, PromotionStore, ServingLine } from './promotion-store';

/** Options of {@link DynamoDbPromotionStore}. */
export interface DynamoDbPromotionStoreOptions {
  /** A document client (marshalling plain objects; `removeUndefinedValues` on). */
  client: DynamoDBDocumentClient;
  /** The mlops table (`triage-<env>-mlops`: pk/sk strings). */
  tableName: string;
}

/** The partition of a group's promotion state, history and serving log in the mlops table. */
export const promotionPartition = (groupName: ModelPackageGroupName): string => `REGISTRY#${groupName}`;

const STATE = 'STATE';
const revisionKey = (revision: number) => String(revision).padStart(12, '0');

interface StateItem {
  revision: number;
  stack: number[];
  pendingApprovals: Record<string, ModelApprovalStatus>;
}

/**
 * The promotion state in DynamoDB, laid out as promotion-store.ts describes: one STATE item per group, and per commit its
 * history and serving lines, all in one TransactWriteItems whose write of STATE is conditioned on the revision read. Two
 * registries promoting at once: one transaction commits, the other is cancelled (false) and reads again.
 */
export class DynamoDbPromotionStore implements PromotionStore {
  constructor(private readonly options: DynamoDbPromotionStoreOptions) {}

  async read(groupName: ModelPackageGroupName): Promise<PromotionState> {
    const [state] = await this.query<StateItem>(groupName, STATE);
    return state
      ? { revision: state.revision, stack: [...state.stack], pendingApprovals: { ...state.pendingApprovals } }
      : { revision: 0, stack: [], pendingApprovals: {} };
  }

  async commit(groupName: ModelPackageGroupName, expectedRevision: number, change: PromotionChange): Promise<boolean> {
    const current = await this.read(groupName);
    if (current.revision !== expectedRevision) return false;
    const pendingApprovals = { ...current.pendingApprovals };
    for (const [version, status] of Object.entries(change.pendingApprovals ?? {})) {
      if (status === null) delete pendingApprovals[version];
      else pendingApprovals[version] = status;
    }
    const pk = promotionPartition(groupName);
    const revision = expectedRevision + 1;
    const state: StateItem = { revision, stack: [...(change.stack ?? current.stack)], pendingApprovals };
    const lines = (change.history ?? []).map((line, n) => ({
      Put: {
        TableName: this.options.tableName,
        Item: { pk, sk: `HISTORY#${revisionKey(revision)}#${String(n).padStart(3, '0')}`, ...line },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
    const serving = change.serving
      ? [
          {
            Put: {
              TableName: this.options.tableName,
              Item: { pk, sk: `SERVING#${revisionKey(revision)}`, ...change.serving },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ]
      : [];
    try {
      await this.options.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.options.tableName,
                Item: { pk, sk: STATE, ...state },
                // The compare-and-set: the revision read is still the one stored (none stored: revision 0).
                ConditionExpression: expectedRevision === 0 ? 'attribute_not_exists(pk)' : '#revision = :read',
                ...(expectedRevision !== 0 && {
                  ExpressionAttributeNames: { '#revision': 'revision' },
                  ExpressionAttributeValues: { ':read': expectedRevision },
                }),
              },
            },
            ...lines,
            ...serving,
          ],
        }),
      );
      return true;
    } catch (error) {
      if (cancellationCodes(error) !== undefined) return false;
      throw error;
    }
  }

  async history(groupName: ModelPackageGroupName): Promise<PromotionHistoryLine[]> {
    return (await this.query<PromotionHistoryLine & { pk?: string; sk?: string }>(groupName, 'HISTORY#')).map(withoutKeys);
  }

  async servingLog(groupName: ModelPackageGroupName): Promise<ServingLine[]> {
    return (await this.query<ServingLine & { pk?: string; sk?: string }>(groupName, 'SERVING#')).map(withoutKeys);
  }

  /** Every item of the group whose sort key begins with `prefix`, in key order, strongly consistent, every page. */
  private async query<T>(groupName: ModelPackageGroupName, prefix: string): Promise<T[]> {
    const items: T[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': promotionPartition(groupName), ':prefix': prefix },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...((page.Items ?? []) as T[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

function withoutKeys<T extends { pk?: string; sk?: string }>(item: T): Omit<T, 'pk' | 'sk'> {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest;
}

import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PipelineExecutionArn } from '@triage/pipeline';
import type { EvaluationRecord, EvaluationStore } from '../handlers/model-evaluation/evaluation-store';
import { cancellationCodes, documentClient } from '@triage/platform';

/** Options for {@link DynamoDbEvaluationStore}. */
export interface DynamoDbEvaluationStoreOptions {
  client: DynamoDBDocumentClient | DynamoDBClient;
  /** The mlops table (`triage-<env>-mlops`). */
  tableName: string;
}

/** The partition that lists evaluations newest first (one run ends per pipeline execution: a few a day, one partition holds years). */
const BY_END = 'EVALUATION#BY-END';
const MAX_ATTEMPTS = 10;

/**
 * Evaluations on DynamoDB: the record under `EVALUATION#<executionArn>` (a get is one read) and a
 * copy under `EVALUATION#BY-END`, sort key `<endedAt>#<executionArn>` (a list is one Query, newest
 * first, as SQLite's ORDER BY ended_at DESC, execution_arn DESC). A put replaces both in one
 * transaction, taking away the old copy when the end time changed.
 */
export class DynamoDbEvaluationStore implements EvaluationStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(options: DynamoDbEvaluationStoreOptions) {
    this.db = documentClient(options.client);
    this.table = options.tableName;
  }

  async put(given: EvaluationRecord): Promise<void> {
    // As stored by SQLite's JSON: fields set to undefined are absent.
    const record = JSON.parse(JSON.stringify(given)) as EvaluationRecord;
    for (let attempt = 1; ; attempt++) {
      const old = await this.get(record.executionArn);
      const stale = old && old.endedAt !== record.endedAt ? [{ Delete: { TableName: this.table, Key: byEndKey(old) } }] : [];
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.table,
                  Item: { ...recordKey(record.executionArn), record },
                  // Still the record read: a concurrent put of the same execution makes this one read again.
                  ...(old
                    ? {
                        ConditionExpression: '#record.endedAt = :endedAt',
                        ExpressionAttributeNames: { '#record': 'record' },
                        ExpressionAttributeValues: { ':endedAt': old.endedAt },
                      }
                    : { ConditionExpression: 'attribute_not_exists(pk)' }),
                },
              },
              ...stale,
              { Put: { TableName: this.table, Item: { ...byEndKey(record), record } } },
            ],
            ClientRequestToken: randomUUID(),
          }),
        );
        return;
      } catch (error) {
        if (!cancellationCodes(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  async get(executionArn: PipelineExecutionArn): Promise<EvaluationRecord | undefined> {
    const got = await this.db.send(new GetCommand({ TableName: this.table, Key: recordKey(executionArn), ConsistentRead: true }));
    return (got.Item as { record: EvaluationRecord } | undefined)?.record;
  }

  async list(options: { limit?: number } = {}): Promise<EvaluationRecord[]> {
    const limit = Math.max(1, Math.min(options.limit ?? 50, 1000));
    const records: EvaluationRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': BY_END },
          ScanIndexForward: false,
          ConsistentRead: true,
          Limit: limit - records.length,
          ExclusiveStartKey: start,
        }),
      );
      records.push(...((page.Items ?? []) as { record: EvaluationRecord }[]).map((i) => i.record));
      start = page.LastEvaluatedKey;
    } while (start && records.length < limit);
    return records;
  }
}

function recordKey(executionArn: string): { pk: string; sk: string } {
  return { pk: `EVALUATION#${executionArn}`, sk: 'RECORD' };
}

function byEndKey(record: Pick<EvaluationRecord, 'endedAt' | 'executionArn'>): { pk: string; sk: string } {
  return { pk: BY_END, sk: `${record.endedAt}#${record.executionArn}` };
}

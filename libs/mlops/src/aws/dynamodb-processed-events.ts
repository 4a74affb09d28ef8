import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ProcessedEvents } from '../handlers/processed-events';
import { conditionFailed, documentClient } from '@triage/platform';

/** Options for {@link DynamoDbProcessedEvents}. */
export interface DynamoDbProcessedEventsOptions {
  client: DynamoDBDocumentClient | DynamoDBClient;
  /** The mlops table (`triage-<env>-mlops`). */
  tableName: string;
  now?: () => Date;
  /** How long an id is remembered (the TTL): EventBridge and Lambda give up redelivering within a day; default 7 days. */
  retainDays?: number;
}

/**
 * Processed event ids on DynamoDB: one item per subscriber and event (`pk = PROCESSED#<subscriber>#<eventId>`,
 * so ids spread over partitions), put on `attribute_not_exists` so the first mark's time stays.
 * Unlike SQLite's, they expire (TTL) once no redelivery can come.
 */
export class DynamoDbProcessedEvents implements ProcessedEvents {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly now: () => Date;
  private readonly retainSeconds: number;

  constructor(options: DynamoDbProcessedEventsOptions) {
    this.db = documentClient(options.client);
    this.table = options.tableName;
    this.now = options.now ?? (() => new Date());
    this.retainSeconds = (options.retainDays ?? 7) * 24 * 60 * 60;
  }

  async has(subscriber: string, eventId: string): Promise<boolean> {
    const got = await this.db.send(new GetCommand({ TableName: this.table, Key: key(subscriber, eventId), ConsistentRead: true }));
    return got.Item !== undefined;
  }

  async add(subscriber: string, eventId: string): Promise<void> {
    const now = this.now();
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...key(subscriber, eventId),
            processedAt: now.toISOString(),
            expiresAt: Math.floor(now.getTime() / 1000) + this.retainSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
  }
}

function key(subscriber: string, eventId: string): { pk: string; sk: string } {
  return { pk: `PROCESSED#${subscriber.replaceAll('%', '%25').replaceAll('#', '%23')}#${eventId}`, sk: 'EVENT' };
}

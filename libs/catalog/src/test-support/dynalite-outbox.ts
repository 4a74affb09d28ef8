import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TriageEvent } from '@triage/events';
import { eventOfOutboxItem, type OutboxItem } from '../aws/outbox-items';

/**
 * Every event the catalog wrote to its outbox, as the bus would deliver them: read back from the
 * table's OUTBOX# items (what the EventBridge Pipe forwards on AWS), checked against their schemas,
 * in the order they were made (outbox ids are time-ordered UUIDs).
 */
export async function outboxEvents(client: DynamoDBClient, tableName: string): Promise<TriageEvent[]> {
  const db = DynamoDBDocumentClient.from(client);
  const items: OutboxItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'begins_with(pk, :outbox)',
        ExpressionAttributeValues: { ':outbox': 'OUTBOX#' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...((page.Items ?? []) as OutboxItem[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort((a, b) => (a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : 0)).map(eventOfOutboxItem);
}

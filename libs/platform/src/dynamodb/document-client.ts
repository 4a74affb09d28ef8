import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The document client a DynamoDB store uses: the one given, or one wrapping a plain client (undefined values left out). */
export function documentClient(client: DynamoDBDocumentClient | DynamoDBClient): DynamoDBDocumentClient {
  return client instanceof DynamoDBDocumentClient
    ? client
    : DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** Whether an SDK error is a failed condition of a single-item write. */
export function conditionFailed(error: unknown): boolean {
  return (error as { name?: unknown } | undefined)?.name === 'ConditionalCheckFailedException';
}

/** The cancellation reason codes of a cancelled TransactWriteItems (one per action), or undefined for any other error. */
export function cancellationCodes(error: unknown): string[] | undefined {
  if ((error as { name?: unknown } | undefined)?.name !== 'TransactionCanceledException') return undefined;
  return ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code ?? 'None');
}

import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The mlops table as AWS.md names it (`triage-<env>-mlops`): `pk`/`sk` only, on-demand, TTL on
 * `expiresAt` (set apart: UpdateTimeToLive, CDK's `timeToLiveAttribute`). Items: `TRIGGER#`,
 * `PROCESSED#`, `EVALUATION#` (here) and `REGISTRY#` (libs/registry). CDK creates the real table;
 * this is for tests and a local DynamoDB.
 */
export function mlopsTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
  };
}

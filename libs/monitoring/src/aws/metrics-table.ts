import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The metrics table as AWS.md names it (`triage-<env>-metrics`): `pk`/`sk`, GSI `gsi1`
 * (`gsi1pk`/`gsi1sk`, projecting ALL), on-demand, TTL on `expiresAt` (set apart). CDK creates the
 * real table; this is for tests and a local DynamoDB.
 */
export function metricsTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk'].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'gsi1',
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

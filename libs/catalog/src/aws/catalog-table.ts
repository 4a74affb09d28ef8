import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The catalog table as AWS.md names it (`triage-<env>-catalog`): `pk`/`sk`, GSIs `gsi1` (the
 * worklist of a datastore) and `gsi2` (the verified labels training reads), both projecting ALL,
 * a NEW_IMAGE stream (the EventBridge Pipe forwards the outbox items from it), on-demand. The TTL
 * attribute `expiresAt` is set apart (UpdateTimeToLive; CDK's `timeToLiveAttribute`). CDK creates
 * the real table; this is for tests and a local DynamoDB.
 */
export function catalogTableDefinition(tableName: string): CreateTableCommandInput {
  const gsi = (name: 'gsi1' | 'gsi2') => ({
    IndexName: name,
    KeySchema: [
      { AttributeName: `${name}pk`, KeyType: 'HASH' as const },
      { AttributeName: `${name}sk`, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [gsi('gsi1'), gsi('gsi2')],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
  };
}

/** The TTL attribute (epoch seconds) of the catalog table: outbox items expire a day after they are written. */
export const CATALOG_TTL_ATTRIBUTE = 'expiresAt';

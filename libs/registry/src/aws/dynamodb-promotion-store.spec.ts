import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynalite, type DynaliteServer } from '@triage/test-support/dynamodb';
import { DynamoDbPromotionStore } from './dynamodb-promotion-store';
import { promotionStoreContract } from './test-support/promotion-store-contract';

jest.setTimeout(30_000);

// The promotion state on the mlops table's layout (pk/sk strings), on dynalite behind the TransactWriteItems front.
let dynalite: DynaliteServer;
let client: DynamoDBDocumentClient;
let tables = 0;

beforeAll(async () => {
  dynalite = await startDynalite();
  client = DynamoDBDocumentClient.from(dynalite.client, { marshallOptions: { removeUndefinedValues: true } });
});
afterAll(async () => {
  await dynalite.stop();
});

promotionStoreContract('DynamoDbPromotionStore on dynalite', {
  open: async () => {
    const tableName = `mlops-${++tables}`;
    await client.send(
      new CreateTableCommand({
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
      }),
    );
    // A reopen is another store over the same table: what a second Lambda container sees.
    return {
      store: new DynamoDbPromotionStore({ client, tableName }),
      reopen: async () => new DynamoDbPromotionStore({ client, tableName }),
      dispose: async () => undefined,
    };
  },
});

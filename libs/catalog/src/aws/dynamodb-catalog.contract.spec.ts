import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { catalogContract, type CatalogUnderTest } from '../test-support/contract-catalog';
import { outboxEvents } from '../test-support/dynalite-outbox';
import { startDynalite, type DynaliteServer } from '@triage/test-support/dynamodb';
import { catalogTableDefinition } from './catalog-table';
import { DynamoDbCatalog } from './dynamodb-catalog';

// The same contract suite LocalCatalog runs, against DynamoDbCatalog on a real dynalite on loopback
// (behind the test-support front that adds TransactWriteItems, which dynalite lacks). The events
// the suite checks are read back from the outbox items each change wrote in its transaction.
let server: DynaliteServer;
let tables = 0;

beforeAll(async () => {
  server = await startDynalite();
});

afterAll(async () => {
  await server.stop();
});

/** The suite's view of a catalog on `tableName`; reopening makes a new instance over the same table. */
function underTest(catalog: DynamoDbCatalog, tableName: string, findings?: readonly string[]): CatalogUnderTest {
  return {
    catalog,
    datastoreId: 'ds-contract',
    otherDatastoreId: 'ds-other',
    delivered: () => outboxEvents(server.client, tableName),
    reopen: async () => {
      await catalog.close();
      return underTest(new DynamoDbCatalog({ client: server.client, tableName, findings }), tableName, findings);
    },
    dispose: async () => {
      await catalog.close();
      await server.client.send(new DeleteTableCommand({ TableName: tableName }));
    },
  };
}

catalogContract('DynamoDbCatalog on dynalite', {
  open: async (options = {}) => {
    const tableName = `triage-test-catalog-${++tables}`;
    // The findings are checked first, before any table is touched.
    const catalog = new DynamoDbCatalog({ client: server.client, tableName, findings: options.findings });
    await server.client.send(new CreateTableCommand(catalogTableDefinition(tableName)));
    return underTest(catalog, tableName, options.findings);
  },
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { LocalModelMonitor, monitoringFile } from '../local/local-model-monitor';
import { asyncModelMonitor } from './async-model-monitor';
import { DynamoDbModelMonitor } from './dynamodb-model-monitor';
import { metricsTableDefinition } from './metrics-table';
import { modelMonitorContract } from './test-support/contract-model-monitor';
import { startDynalite, type DynaliteServer } from '@triage/test-support/dynamodb';

// One behaviour for both monitors: LocalModelMonitor (SQLite; several connections standing for
// several processes) behind the asynchronous port, and DynamoDbModelMonitor on a real dynalite on
// loopback, behind the test-support front that adds TransactWriteItems (dynalite 4 lacks it).
modelMonitorContract('LocalModelMonitor (SQLite)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'monitor-contract-'));
  return {
    open: (now) => asyncModelMonitor(LocalModelMonitor.open({ file: monitoringFile(dir), now })),
    dispose: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});

let server: DynaliteServer;
let tables = 0;
beforeAll(async () => {
  server = await startDynalite();
});
afterAll(async () => {
  await server.stop();
});

modelMonitorContract('DynamoDbModelMonitor on dynalite', async () => {
  const tableName = `triage-test-metrics-${++tables}`;
  await server.client.send(new CreateTableCommand(metricsTableDefinition(tableName)));
  return {
    open: (now) => new DynamoDbModelMonitor({ client: server.client, tableName, now }),
    dispose: async () => {
      await server.client.send(new DeleteTableCommand({ TableName: tableName }));
    },
  };
});

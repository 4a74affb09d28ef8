import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { SqliteEvaluationStore } from '../local/sqlite-evaluation-store';
import { SqliteProcessedEvents } from '../local/sqlite-processed-events';
import { SqliteTriggerState } from '../local/sqlite-trigger-state';
import { DynamoDbEvaluationStore } from './dynamodb-evaluation-store';
import { DynamoDbProcessedEvents } from './dynamodb-processed-events';
import { DynamoDbTriggerState } from './dynamodb-trigger-state';
import { mlopsTableDefinition } from './mlops-table';
import { mlopsStateContract } from './test-support/contract-mlops-state';
import { startDynalite, type DynaliteServer } from '@triage/test-support/dynamodb';

// One contract for the loop's state ports, run on SQLite files (several connections standing for
// several processes) and on DynamoDB: a real dynalite on loopback, behind the test-support front
// that adds TransactWriteItems (dynalite 4 lacks it).
mlopsStateContract('SQLite', {
  create: async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-state-'));
    const closers: (() => void)[] = [];
    return {
      handle: (now) => {
        const trigger = SqliteTriggerState.open({ file: path.join(dir, 'trigger.sqlite'), now });
        const processed = SqliteProcessedEvents.open({ file: path.join(dir, 'processed.sqlite'), now });
        const evaluations = SqliteEvaluationStore.open({ file: path.join(dir, 'evaluations.sqlite') });
        closers.push(
          () => trigger.close(),
          () => processed.close(),
          () => evaluations.close(),
        );
        return { trigger, processed, evaluations };
      },
      dispose: async () => {
        for (const close of closers) close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});

let server: DynaliteServer;
let tables = 0;
beforeAll(async () => {
  server = await startDynalite();
});
afterAll(async () => {
  await server.stop();
});

mlopsStateContract('DynamoDB on dynalite', {
  create: async () => {
    const tableName = `triage-test-mlops-${++tables}`;
    await server.client.send(new CreateTableCommand(mlopsTableDefinition(tableName)));
    return {
      handle: (now) => ({
        trigger: new DynamoDbTriggerState({ client: server.client, tableName, now }),
        processed: new DynamoDbProcessedEvents({ client: server.client, tableName, now }),
        evaluations: new DynamoDbEvaluationStore({ client: server.client, tableName }),
      }),
      dispose: async () => {
        await server.client.send(new DeleteTableCommand({ TableName: tableName }));
      },
    };
  },
});

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { transactionFront } from './dynalite-transactions';

/** A dynalite on loopback, behind the front that adds TransactWriteItems (dynalite 4 has none). */
export interface DynaliteServer {
  /** The front's URL: what a DynamoDB client's `endpoint` is set to. */
  endpoint: string;
  /** A client of the front (fake credentials: dynalite checks that a signature is there, not what it signs). */
  client: DynamoDBClient;
  stop(): Promise<void>;
}

/** Starts dynalite (tables ACTIVE at once) and its transaction front, each on a free loopback port. */
export async function startDynalite(): Promise<DynaliteServer> {
  const backend = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const backendPort = await listen(backend);
  const front = transactionFront(`http://127.0.0.1:${backendPort}`);
  const frontPort = await listen(front);
  const endpoint = `http://127.0.0.1:${frontPort}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'dynalite', secretAccessKey: 'dynalite' },
  });
  return {
    endpoint,
    client,
    stop: async () => {
      client.destroy();
      await close(front);
      await close(backend);
    },
  };
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections?.();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

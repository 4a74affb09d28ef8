import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodecPool } from '@triage/codec';
import type { DatastoreId } from '@triage/dicom';
import { LocalHealthImaging } from '@triage/healthimaging';
import { buildApp, type TriageApp } from '../app/build-app';
import { DICOMWEB_PREFIX } from '../app/api-context';

/** The bearer token the read tests present. */
export const READ_TEST_TOKEN = 'read-test-token-0123456789abcdef';

/** A listening app over a real LocalHealthImaging in a temporary directory. */
export interface ReadTestApp {
  app: TriageApp;
  store: LocalHealthImaging;
  datastoreId: DatastoreId;
  codecPool: CodecPool;
  /** The store's data directory. */
  dataDir: string;
  /** http://127.0.0.1:PORT/dicomweb */
  dicomweb: string;
  /** GET under the DICOMweb prefix with the token; `headers` add to it. */
  get(pathAndQuery: string, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: Buffer }>;
  /** GET with the path sent exactly as given (fetch would normalise `..` and `%2E%2E` away). */
  rawGet(pathAndQuery: string): Promise<{ status: number; contentType: string; body: string }>;
  close(): Promise<void>;
}

/** Starts the full app (buildApp) on a loopback port 0 with a fresh store. */
export async function startReadTestApp(): Promise<ReadTestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-read-'));
  const codecPool = new CodecPool({ size: 2 });
  const store = await LocalHealthImaging.open({ dataDir, codecPool });
  const datastoreId = await store.ensureDatastore('read-tests');
  const app = await buildApp({
    store,
    datastoreId,
    codecPool,
    authenticator: { authenticate: (token) => (token === READ_TEST_TOKEN ? { name: 'read-tests', role: 'admin' } : undefined) },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const dicomweb = `http://127.0.0.1:${address.port}${DICOMWEB_PREFIX}`;
  return {
    app,
    store,
    datastoreId,
    codecPool,
    dataDir,
    dicomweb,
    async get(pathAndQuery, headers = {}) {
      const response = await fetch(`${dicomweb}${pathAndQuery}`, { headers: { authorization: `Bearer ${READ_TEST_TOKEN}`, ...headers } });
      return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
    },
    rawGet(pathAndQuery) {
      return new Promise((resolve, reject) => {
        const request = http.get(
          {
            host: '127.0.0.1',
            port: address.port,
            path: `${DICOMWEB_PREFIX}${pathAndQuery}`,
            headers: { authorization: `Bearer ${READ_TEST_TOKEN}` },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (c: Buffer) => chunks.push(c));
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                contentType: String(response.headers['content-type']),
                body: Buffer.concat(chunks).toString('utf8'),
              }),
            );
          },
        );
        request.on('error', reject);
      });
    },
    async close() {
      await app.close();
      await store.close();
      await codecPool.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

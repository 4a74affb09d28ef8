import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodecPool } from '@triage/codec';
import type { DatastoreId } from '@triage/dicom';
import { LocalHealthImaging } from '@triage/healthimaging';
import { TokenStore } from '@triage/platform';
import type { ImageStore } from '../app/api-context';
import type { TriageApp } from '../app/build-app';
import { buildApp } from '../app/build-app';
import type { BuildAppOptions } from '../app/build-app';

/** An in-process API on a loopback port over a fresh data directory, with one admin token. */
export interface TestApp {
  app: TriageApp;
  url: string;
  token: string;
  dataDir: string;
  store: LocalHealthImaging;
  datastoreId: DatastoreId;
  close(): Promise<void>;
}

/** Starts {@link TestApp}; `close` stops it and removes the data directory. */
export async function startTestApp(
  options: {
    bodyLimitBytes?: number;
    partLimitBytes?: number;
    wrapStore?: (store: ImageStore) => ImageStore;
    audit?: BuildAppOptions['audit'];
    http?: BuildAppOptions['http'];
  } = {},
): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-api-'));
  const codecPool = new CodecPool({ size: 1 });
  const store = await LocalHealthImaging.open({ dataDir: path.join(dataDir, 'healthimaging'), codecPool });
  const datastoreId = await store.ensureDatastore('default');
  const tokens = TokenStore.open(path.join(dataDir, 'auth', 'tokens.json'));
  const token = tokens.issue('test-admin', 'admin');
  const { wrapStore = (s: ImageStore) => s, ...limits } = options;
  const app = await buildApp({ store: wrapStore(store), datastoreId, codecPool, authenticator: tokens, ...limits });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    app,
    url,
    token,
    dataDir,
    store,
    datastoreId,
    async close() {
      await app.close();
      await store.close();
      await codecPool.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Wraps a store so that every method call is recorded (name and arguments) before it runs. */
export function recordingStore(store: ImageStore, calls: { method: string; args: unknown[] }[]): ImageStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push({ method: String(property), args });
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MedicalImagingClient } from '@aws-sdk/client-medical-imaging';
import { CodecPool } from '@triage/codec';
import type { DatastoreId } from '@triage/dicom';
import { AwsHealthImaging, LocalHealthImaging, createMedicalImagingClient, type AwsHealthImagingConfig } from '@triage/healthimaging';
import { AccessKeyStore, SessionStore, TokenStore, sessionStoreFile, type AccessKey } from '@triage/platform';
import { LocalCatalog, worklistProjector } from '@triage/catalog';
import { LocalEventBus } from '@triage/events';
import { DICOMWEB_PREFIX, type ImageStore } from '../app/api-context';
import { WorklistChanges } from '../worklist/worklist-changes';
import { buildApp, type BuildAppOptions, type TriageApp } from '../app/build-app';

/** What {@link startTestApp} varies; every field has a default. */
export interface TestAppOptions {
  bodyLimitBytes?: number;
  partLimitBytes?: number;
  /** Sees (and may wrap) every store call the routes make. */
  wrapStore?: (store: ImageStore) => ImageStore;
  audit?: BuildAppOptions['audit'];
  http?: BuildAppOptions['http'];
  /** Codec worker threads; default 1. */
  codecWorkers?: number;
  /** Sees (and may wrap) the codec pool the routes use (the store keeps the real one). */
  wrapCodecPool?: (pool: CodecPool) => CodecPool;
  /** Bytes of decoded frames WADO-RS keeps; the app's default unless given. */
  frameCacheBytes?: BuildAppOptions['frameCacheBytes'];
  auditStudyReads?: BuildAppOptions['auditStudyReads'];
  /** Browser sessions over the app's own tokens (30 min idle, 12 h at most, the real clock unless given). */
  sessions?: { idleMs?: number; maxMs?: number; now?: () => number };
  signInRatePerMin?: BuildAppOptions['signInRatePerMin'];
  corsOrigins?: BuildAppOptions['corsOrigins'];
  viewerDir?: BuildAppOptions['viewerDir'];
  logger?: BuildAppOptions['logger'];
  /** The event bus the app subscribes on and serves dead letters of. */
  events?: BuildAppOptions['events'];
  /**
   * The clinician's side for real: a LocalEventBus of the app's own (the store's and the catalog's
   * outbox, unless `events` is given), a LocalCatalog with these findings (default normal,
   * pneumonia) and the worklist projector subscribed, as main.ts wires them.
   */
  catalog?: { findings?: readonly string[] };
}

/** A GET's answer, body read whole. */
export interface TestResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

/**
 * The full API (buildApp) in-process on a loopback port over a fresh data directory, with one
 * admin bearer token and one admin SigV4 access key.
 */
export interface TestApp {
  app: TriageApp;
  /** http://127.0.0.1:PORT */
  url: string;
  /** http://127.0.0.1:PORT/dicomweb */
  dicomweb: string;
  /** The admin bearer token. */
  token: string;
  /** The tokens the app authenticates against (issue and revoke in tests). */
  tokens: TokenStore;
  /** The session store, when `sessions` was asked for. */
  sessions?: SessionStore;
  /** The catalog, its change announcements and the bus, when `catalog` was asked for. */
  catalog?: LocalCatalog;
  catalogChanges?: WorklistChanges;
  events?: LocalEventBus;
  /** The admin SigV4 key pair of the HealthImaging API. */
  accessKey: AccessKey;
  dataDir: string;
  /** The store's own folder inside `dataDir`. */
  storeDir: string;
  store: LocalHealthImaging;
  datastoreId: DatastoreId;
  codecPool: CodecPool;
  /** GET under the DICOMweb prefix with the token; `headers` add to it. */
  get(pathAndQuery: string, headers?: Record<string, string>): Promise<TestResponse>;
  /** GET under the DICOMweb prefix with the path sent exactly as given (fetch would normalise `..` and `%2E%2E` away). */
  rawGet(pathAndQuery: string): Promise<{ status: number; contentType: string; body: string }>;
  /** The HealthImaging port through the real MedicalImagingClient against this API. */
  healthImaging(overrides?: Partial<AwsHealthImagingConfig>): AwsHealthImaging;
  /** The bare SDK client against this API (errors as the SDK raises them). */
  sdk(overrides?: Partial<AwsHealthImagingConfig>): MedicalImagingClient;
  /** Resolves once the store has transcoded every frame it acknowledged (ingest transcodes behind its answer). */
  transcoded(): Promise<void>;
  /** Stops the app, the store and the codec workers, and removes the data directory. */
  close(): Promise<void>;
}

/** Starts a {@link TestApp}. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-api-'));
  const codecPool = new CodecPool({ size: options.codecWorkers ?? 1 });
  const storeDir = path.join(dataDir, 'healthimaging');
  const ownBus =
    options.catalog && !options.events
      ? await LocalEventBus.open({ file: path.join(dataDir, 'events', 'events.sqlite'), backoff: { baseMs: 20, maxMs: 200 }, pollMs: 100 })
      : undefined;
  const bus = (options.events ?? ownBus) as LocalEventBus | undefined;
  const store = await LocalHealthImaging.open({ dataDir: storeDir, codecPool, ...(options.catalog && bus && { outbox: bus }) });
  const datastoreId = await store.ensureDatastore('default');
  const tokens = TokenStore.open(path.join(dataDir, 'auth', 'tokens.json'));
  const token = tokens.issue('test-admin', 'admin');
  const accessKeys = AccessKeyStore.open(path.join(dataDir, 'auth', 'access-keys.json'));
  const accessKey = { accessKeyId: 'TRIAGETESTKEY0000001', secretAccessKey: 'test-secret-0123456789abcdefghij' };
  accessKeys.put(accessKey);
  const catalogChanges = options.catalog && new WorklistChanges();
  const catalog =
    options.catalog &&
    (await LocalCatalog.open({
      file: path.join(dataDir, 'catalog', 'catalog.sqlite'),
      findings: options.catalog.findings,
      outbox: bus,
      onChanged: catalogChanges?.publish,
    }));
  if (catalog && bus) bus.subscribe(worklistProjector({ catalog, store }));
  const {
    wrapStore = (s: ImageStore) => s,
    wrapCodecPool = (p: CodecPool) => p,
    codecWorkers: _workers,
    sessions: sessionOptions,
    catalog: _catalog,
    events = ownBus,
    ...appOptions
  } = options;
  const sessions =
    sessionOptions &&
    SessionStore.open(sessionStoreFile(dataDir), { idleMs: 30 * 60_000, maxMs: 12 * 3_600_000, ...sessionOptions, tokens });
  const app = await buildApp({
    store: wrapStore(store),
    datastoreId,
    codecPool: wrapCodecPool(codecPool),
    authenticator: tokens,
    accessKeys,
    sessions,
    catalog,
    catalogChanges,
    events,
    ...appOptions,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the test app has no TCP port');
  const url = `http://127.0.0.1:${address.port}`;
  const dicomweb = `${url}${DICOMWEB_PREFIX}`;
  const authorization = `Bearer ${token}`;
  const opened: { close(): void }[] = [];
  const sdkConfig = (overrides: Partial<AwsHealthImagingConfig>): AwsHealthImagingConfig => ({
    region: 'us-east-1',
    endpoint: url,
    credentials: accessKey,
    maxAttempts: 1,
    ...overrides,
  });
  return {
    app,
    url,
    dicomweb,
    token,
    tokens,
    sessions,
    catalog,
    catalogChanges,
    events: bus,
    accessKey,
    dataDir,
    storeDir,
    store,
    datastoreId,
    codecPool,
    async get(pathAndQuery, headers = {}) {
      const response = await fetch(`${dicomweb}${pathAndQuery}`, { headers: { authorization, ...headers } });
      return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
    },
    rawGet(pathAndQuery) {
      return new Promise((resolve, reject) => {
        const options = { host: '127.0.0.1', port: address.port, path: `${DICOMWEB_PREFIX}${pathAndQuery}`, headers: { authorization } };
        const request = http.get(options, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              contentType: String(response.headers['content-type']),
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        });
        request.on('error', reject);
      });
    },
    healthImaging(overrides = {}) {
      const client = AwsHealthImaging.create(sdkConfig(overrides));
      opened.push(client);
      return client;
    },
    sdk(overrides = {}) {
      const client = createMedicalImagingClient(sdkConfig(overrides));
      opened.push({ close: () => client.destroy() });
      return client;
    },
    async transcoded() {
      for (let i = 0; i < 6000 && (store.pendingTranscodes?.() ?? 0) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      if ((store.pendingTranscodes?.() ?? 0) > 0)
        throw new Error(`${store.pendingTranscodes?.()} frames still await transcoding after 60 s`);
    },
    async close() {
      for (const client of opened.splice(0)) client.close();
      await app.close();
      sessions?.close();
      // The bus first: its handlers (the projector) use the catalog and the store.
      await ownBus?.close();
      await catalog?.close();
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

/** Codec pool calls by operation, as {@link countingCodecPool} counts them. */
export interface CodecCalls {
  decode: number;
  encodeHtj2k: number;
  /** Calls not settled yet. */
  running: number;
}

/** Wraps a codec pool so that its decodes and encodes are counted (started, and still running). */
export function countingCodecPool(pool: CodecPool, calls: CodecCalls): CodecPool {
  return new Proxy(pool, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      if (property !== 'decode' && property !== 'encodeHtj2k') return (value as (...a: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => {
        calls[property]++;
        calls.running++;
        return ((value as (...a: unknown[]) => Promise<unknown>).apply(target, args) as Promise<unknown>).finally(() => calls.running--);
      };
    },
  });
}

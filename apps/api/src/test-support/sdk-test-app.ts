import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodecPool } from '@triage/codec';
import type { DatastoreId } from '@triage/dicom';
import { AwsHealthImaging, LocalHealthImaging, createMedicalImagingClient, type AwsHealthImagingConfig } from '@triage/healthimaging';
import { AccessKeyStore, TokenStore, type AccessKey, type AuditSink } from '@triage/platform';
import type { MedicalImagingClient } from '@aws-sdk/client-medical-imaging';
import type { ImageStore } from '../app/api-context';
import { buildApp, type TriageApp } from '../app/build-app';

/** The full API on a loopback port with one access key (SigV4) and one admin bearer token. */
export interface SdkTestApp {
  app: TriageApp;
  url: string;
  dataDir: string;
  store: LocalHealthImaging;
  datastoreId: DatastoreId;
  accessKey: AccessKey;
  bearerToken: string;
  /** The port through the real MedicalImagingClient against this API. */
  healthImaging(overrides?: Partial<AwsHealthImagingConfig>): AwsHealthImaging;
  /** The bare SDK client against this API (errors as the SDK raises them). */
  sdk(overrides?: Partial<AwsHealthImagingConfig>): MedicalImagingClient;
  close(): Promise<void>;
}

/** Starts {@link SdkTestApp} over a fresh data directory (`wrapStore` sees every store call, `audit` every audit event); `close` removes it. */
export async function startSdkTestApp(
  options: { wrapStore?: (store: ImageStore) => ImageStore; audit?: AuditSink } = {},
): Promise<SdkTestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-sdk-'));
  const codecPool = new CodecPool({ size: 1 });
  const store = await LocalHealthImaging.open({ dataDir: path.join(dataDir, 'healthimaging'), codecPool });
  const datastoreId = await store.ensureDatastore('sdk');
  const tokens = TokenStore.open(path.join(dataDir, 'auth', 'tokens.json'));
  const bearerToken = tokens.issue('test-admin', 'admin');
  const accessKeys = AccessKeyStore.open(path.join(dataDir, 'auth', 'access-keys.json'));
  const accessKey = { accessKeyId: 'TRIAGETESTKEY0000001', secretAccessKey: 'test-secret-0123456789abcdefghij' };
  accessKeys.put(accessKey);
  const app = await buildApp({
    store: options.wrapStore ? options.wrapStore(store) : store,
    datastoreId,
    codecPool,
    authenticator: tokens,
    accessKeys,
    audit: options.audit,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const opened: { close(): void }[] = [];
  const config = (overrides: Partial<AwsHealthImagingConfig>): AwsHealthImagingConfig => ({
    region: 'us-east-1',
    endpoint: url,
    credentials: accessKey,
    maxAttempts: 1,
    ...overrides,
  });
  return {
    app,
    url,
    dataDir,
    store,
    datastoreId,
    accessKey,
    bearerToken,
    healthImaging(overrides = {}) {
      const hi = AwsHealthImaging.create(config(overrides));
      opened.push(hi);
      return hi;
    },
    sdk(overrides = {}) {
      const client = createMedicalImagingClient(config(overrides));
      opened.push({ close: () => client.destroy() });
      return client;
    },
    async close() {
      for (const c of opened.splice(0)) c.close();
      await app.close();
      await store.close();
      await codecPool.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

import * as path from 'node:path';
import { CodecPool } from '@triage/codec';
import { LocalHealthImaging } from '@triage/healthimaging';
import { ConfigError, TokenStore, createLogger, ensureAdminToken, loadConfig } from '@triage/platform';
import type { TriageConfig } from '@triage/platform';
import { AuditLog, auditLogFile } from '@triage/platform';
import { AccessKeyStore, accessKeyFromEnv, ensureAccessKey } from '@triage/platform';
import { appMetrics, buildApp } from './app/build-app';
import { codecWorkerPath } from './app/codec-worker-path';
import { startDimseServer, type DimseServer } from './dimse/dimse-server';
import { isEmptyDataDir, readSampleState, writeSampleState } from './seed/sample-state';
import { seedSamples } from './seed/seed-samples';

/** The datastore DICOMweb serves. */
const DEFAULT_DATASTORE = 'default';

/**
 * Starts the API: store on <dataDir>/healthimaging, tokens in <dataDir>/auth, listening on
 * TRIAGE_HOST:TRIAGE_PORT; the sample studies on a first start. Logs are JSON on stderr; stdout
 * carries only the lines meant for the person starting it (the address, a generated token once).
 */
async function main(): Promise<void> {
  let config: TriageConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`triage api: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger({ level: config.logLevel, name: 'triage-api', destination: process.stderr });
  const firstStart = isEmptyDataDir(config.dataDir);
  if (firstStart && config.samples) writeSampleState(config.dataDir, 'pending');

  const tokens = TokenStore.open(path.join(config.dataDir, 'auth', 'tokens.json'));
  const admin = ensureAdminToken(tokens, config.adminToken);
  const audit = AuditLog.open(auditLogFile(config.dataDir));
  const accessKeys = AccessKeyStore.open(path.join(config.dataDir, 'auth', 'access-keys.json'));
  const accessKey = ensureAccessKey(accessKeys, accessKeyFromEnv());

  const codecPool = new CodecPool({ size: config.codecWorkers, workerPath: codecWorkerPath() });
  const store = await LocalHealthImaging.open({ dataDir: path.join(config.dataDir, 'healthimaging'), codecPool });
  const datastoreId = await store.ensureDatastore(DEFAULT_DATASTORE);
  const app = await buildApp({
    store,
    datastoreId,
    codecPool,
    authenticator: tokens,
    audit,
    accessKeys,
    logger: log,
    bodyLimitBytes: config.bodyLimitBytes,
    partLimitBytes: config.partLimitBytes,
    importOutputDir: path.join(config.dataDir, 'import-output'),
    importRoots: config.importRoots,
  });

  const seeding = new AbortController();
  let seeded: Promise<unknown> = Promise.resolve();
  let stopping = false;
  let dimse: DimseServer | undefined = undefined; // set once listening; stop() may run before
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    seeding.abort();
    try {
      await app.close(); // stops accepting, lets in-flight requests finish
      await dimse?.close(); // drops associations, lets stores in flight finish
      audit.close();
      await seeded;
      await store.close();
      await codecPool.close();
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let banner = `triage api listening on http://${host}:${port}\n`;
  if (admin.generated) {
    // Shown once (only its hash is kept), on stdout with the address: never logged.
    banner +=
      `admin token (shown once, store it now): ${admin.token}\n` +
      `  use it as "Authorization: Bearer <token>"; set TRIAGE_ADMIN_TOKEN to choose your own.\n`;
  }
  if (accessKey.generated) {
    // The secret must be kept to verify signatures (0600 file); it is shown here once and never logged.
    banner +=
      `HealthImaging API access key (shown once): TRIAGE_ACCESS_KEY_ID=${accessKey.key.accessKeyId} TRIAGE_SECRET_ACCESS_KEY=${accessKey.key.secretAccessKey}\n` +
      `  use it as AWS credentials with --endpoint-url; set both variables to choose your own.\n`;
  }
  process.stdout.write(banner);

  dimse = await startDimseServer({
    store,
    datastoreId,
    host: config.dicomHost,
    port: config.dicomPort,
    aeTitle: config.dicomAeTitle,
    callingAeTitles: config.dicomCallingAeTitles,
    instanceLimitBytes: config.partLimitBytes,
    audit,
    logger: log,
    metrics: appMetrics(app),
  });
  const dicomHost = config.dicomHost.includes(':') ? `[${config.dicomHost}]` : config.dicomHost;
  process.stdout.write(`triage dicom listening on ${dicomHost}:${dimse.port} (AE ${config.dicomAeTitle})\n`);

  if (config.samples && readSampleState(config.dataDir) === 'pending') {
    seeded = seedSamples(store, datastoreId, log, seeding.signal)
      .then((complete) => complete && writeSampleState(config.dataDir, 'done'))
      .catch((error: unknown) => log.error({ err: error }, 'samples: ingest failed; the next start retries'));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`triage api: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

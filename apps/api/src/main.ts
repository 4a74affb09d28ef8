import * as path from 'node:path';
import { CodecPool } from '@triage/codec';
import { worklistProjector } from '@triage/catalog';
import type { DeadLetters, EventBus } from '@triage/events';
import { ConfigError, DEFAULT_SHUTDOWN_DEADLINE_MS, TokenStore, createLogger, ensureAdminToken, loadConfig } from '@triage/platform';
import type { Logger, TriageConfig } from '@triage/platform';
import { AuditLog, auditLogFile } from '@triage/platform';
import { AccessKeyStore, accessKeyFromEnv, ensureAccessKey } from '@triage/platform';
import { SessionStore, sessionStoreFile } from '@triage/platform';
import { appMetrics, buildApp } from './app/build-app';
import type { TriageApp } from './app/build-app';
import { closeHttp } from './app/close-http';
import { codecWorkerPath } from './app/codec-worker-path';
import { bindError, describeStartupError } from './app/startup-error';
import { startDimseServer, type DimseServer } from './dimse/dimse-server';
import { VerifiedLabels } from './events/verified-labels';
import { isEmptyDataDir, readSampleState, writeSampleState } from './seed/sample-state';
import { seedSamples } from './seed/seed-samples';
import { chooseViewerDir } from './viewer/viewer-dir';
import { WorklistChanges } from './worklist/worklist-changes';
import { openPipelines } from './pipelines/open-pipelines';
import { loopControls, openLoop, type OpenedLoop } from './mlops/open-loop';
import { MlopsConfigError, loadMlopsConfig } from '@triage/mlops';
import { ScoringPool, objectMaterialiser } from '@triage/inference';
import type { ObjectStore } from '@triage/artifacts';
import { openBackend, type Backend } from '@triage/backend';
import { pipelinesDir, type PipelineDefinitionJson } from '@triage/pipeline';
import type { MlopsConfig } from '@triage/mlops';

/** What a start has opened so far: closed in reverse on a failed start or on shutdown. */
interface Opened {
  codecPool?: CodecPool;
  /** Every port's implementation (closed last: it closes the stores the rest writes to). */
  backend?: Backend;
  /** The bus, closed before the rest so that handlers in progress finish while their stores are open. */
  events?: EventBus;
  verifiedLabels?: VerifiedLabels;
  scorer?: ScoringPool;
  loop?: OpenedLoop;
  sessions?: SessionStore;
  audit?: AuditLog;
  app?: TriageApp;
  dimse?: DimseServer;
  seeded?: Promise<unknown>;
}

/** The compiled definition runs start with, parsed (the backend may give it as SageMaker's JSON text). */
async function pipelineDefinition(backend: Backend, config: MlopsConfig): Promise<PipelineDefinitionJson> {
  const definition = await backend.pipelineDefinition(config);
  return (typeof definition === 'string' ? JSON.parse(definition) : definition) as PipelineDefinitionJson;
}

/**
 * Starts the API: store on <dataDir>/healthimaging, the event bus on <dataDir>/events, tokens in <dataDir>/auth, HTTP on
 * TRIAGE_HOST:TRIAGE_PORT and DIMSE on TRIAGE_DICOM_HOST:TRIAGE_DICOM_PORT; the sample studies on a
 * first start. Both ports are bound before anything is printed or any credential is generated, so
 * a start that fails (bad config, a port in use, an unusable data directory) says why in one line
 * on stderr, exits non-zero, and has shown no token. Logs are JSON on stderr; stdout carries only
 * the lines meant for the person starting it (the addresses, generated credentials once).
 */
async function main(): Promise<void> {
  let config: TriageConfig | undefined;
  let log: Logger | undefined;
  const opened: Opened = {};
  try {
    config = loadConfig();
    log = createLogger({ level: config.logLevel, name: 'triage-api', destination: process.stderr });
    await start(config, log, opened);
  } catch (error) {
    log?.debug({ err: error }, 'start failed');
    process.stderr.write(`triage api: cannot start: ${describeStartupError(error, config?.dataDir)}\n`);
    await closeAll(opened).catch(() => undefined);
    process.exit(error instanceof ConfigError || error instanceof MlopsConfigError ? 2 : 1);
  }
}

async function start(config: TriageConfig, log: Logger, opened: Opened): Promise<void> {
  const accessKeyConfigured = accessKeyFromEnv(); // a half-set pair is a config error: before anything is written
  const firstStart = isEmptyDataDir(config.dataDir);
  if (firstStart && config.samples) writeSampleState(config.dataDir, 'pending');

  const tokens = TokenStore.open(path.join(config.dataDir, 'auth', 'tokens.json'));
  opened.codecPool = new CodecPool({ size: config.codecWorkers, workerPath: codecWorkerPath() });
  const codecPool = opened.codecPool;
  const catalogChanges = new WorklistChanges();
  // The composition root: TRIAGE_BACKEND (local, the default, or aws) picks every port's implementation. What follows
  // sees ports only; where the archive is a managed service there is no embedded DICOM store, and where deployed rules
  // deliver events the loop runs in the functions, not here.
  const backend = openBackend({
    local: {
      dataDir: config.dataDir,
      findings: config.findings,
      logger: log,
      codecPool,
      onCatalogChanged: catalogChanges.publish,
      transcoding: { keepOriginals: config.keepOriginals },
    },
    aws: {
      findings: config.findings,
      onCatalogChanged: catalogChanges.publish,
      // Written behind: a failed write leaves the anchor behind the log (a crash's signature) until the next one lands.
      onAuditAnchorError: (error) => log.warn({ err: error }, 'audit: the head could not be anchored in S3; the next record tries again'),
    },
  });
  opened.backend = backend;
  opened.audit = AuditLog.open(auditLogFile(config.dataDir), { anchor: await backend.auditAnchor() });
  const audit = opened.audit;
  const accessKeys = AccessKeyStore.open(path.join(config.dataDir, 'auth', 'access-keys.json'));

  // Before the store: the store's changes are written to the bus's outbox in their own transactions.
  const events = await backend.events();
  opened.events = events;
  const inProcess = backend.eventDelivery === 'in-process';
  if (inProcess) {
    // The retraining trigger's count of verified images: a durable subscriber, so a verification survives a crash.
    opened.verifiedLabels = VerifiedLabels.open(path.join(config.dataDir, 'events', 'verified-labels.sqlite'));
    opened.verifiedLabels.subscribe(events);
  }
  const store = await backend.dicomStore?.();
  const datastoreId = await backend.datastoreId();
  const catalog = await backend.catalog();
  // The worklist: the projector turns the store's events into catalog items (the samples of a first start too).
  if (inProcess && store) events.subscribe(worklistProjector({ catalog, store }));
  // The registry, then the runner: executions a stop interrupted resume (or fail visibly) as it opens. Registrations,
  // approval changes and promotions emit their events with the change (locally in its transaction; SageMaker's own on AWS).
  const modelRegistry = await backend.registry();
  const runner = await backend.runner();
  const mlops = backend.loopConfig(loadMlopsConfig({ dataDir: config.dataDir }).config);
  const objects = backend.objects();
  // An object store on this disk (the local one) is where the labels' export is written before a run.
  const localPaths = 'pathOf' in objects ? (objects as ObjectStore & { pathOf(uri: string): string }) : undefined;
  const pipelines = openPipelines({
    runner,
    catalog,
    store,
    datastoreId,
    definition: await pipelineDefinition(backend, mlops),
    pipelineName: mlops.pipelineName,
    exportTo: localPaths && { objectPath: (uri) => localPaths.pathOf(uri), workDir: path.join(pipelinesDir(config.dataDir), 'exports') },
  });
  const monitor = await backend.monitor();
  const loopOptions = {
    config: mlops,
    state: await backend.loopState(),
    runner,
    definition: pipelines.routes.definition,
    prepareRun: pipelines.routes.prepareRun,
    logger: log,
  };
  let loop: OpenedLoop;
  if (inProcess && store) {
    // The loop: the four handlers on the bus (trigger, evaluation, promotion by policy, scoring new studies off the event loop).
    opened.scorer = ScoringPool.open({ size: mlops.scoring.workers });
    loop = openLoop({
      ...loopOptions,
      events,
      catalog,
      store,
      datastoreId,
      registry: modelRegistry,
      scorer: opened.scorer,
      monitor,
      materialiser: objectMaterialiser(objects, path.join(config.dataDir, 'model-cache')),
      objects,
    });
  } else {
    // Deployed rules deliver the events to the functions: here only starts by hand (under the trigger's claim) and decisions.
    loop = loopControls(loopOptions);
  }
  opened.loop = loop;
  opened.sessions = SessionStore.open(sessionStoreFile(config.dataDir), {
    idleMs: config.sessionIdleMs,
    maxMs: config.sessionMaxMs,
    tokens,
  });
  const viewer = chooseViewerDir(config.viewerDir);
  if (viewer.dir === undefined) log.warn(viewer.warning);
  opened.app = await buildApp({
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
    http: config.http,
    frameCacheBytes: config.frameCacheBytes,
    auditStudyReads: { windowMs: config.auditWindowMs },
    events: 'listDeadLetters' in events ? (events as EventBus & DeadLetters) : undefined,
    verifiedLabels: opened.verifiedLabels,
    catalog,
    catalogChanges,
    sessions: opened.sessions,
    signInRatePerMin: config.signInRatePerMin,
    corsOrigins: config.corsOrigins,
    viewerDir: viewer.dir,
    modelRegistry,
    // Starts by hand go through the loop's trigger: one run per model group at a time, however it is asked for.
    pipelines: { ...pipelines.routes, startThroughTrigger: (actor, overrides) => loop.startByHand(actor, overrides) },
    modelObjects: objects,
    monitoring: { monitor, registry: modelRegistry, catalog, threshold: mlops.scoring.decisionThreshold },
    loop,
  });
  const app = opened.app;

  // Both ports first: a busy one fails the start before anything is printed or generated. DIMSE needs the embedded store.
  if (store)
    opened.dimse = await startDimseServer({
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
    }).catch((error: unknown) => {
      throw bindError('DICOM', 'TRIAGE_DICOM_PORT', config.dicomHost, config.dicomPort, error);
    });
  await app.listen({ host: config.host, port: config.port }).catch((error: unknown) => {
    throw bindError('HTTP', 'TRIAGE_PORT', config.host, config.port, error);
  });

  // Listening on both: now the credentials, generated (and shown) only by a start that succeeds.
  const admin = ensureAdminToken(tokens, config.adminToken);
  const accessKey = ensureAccessKey(accessKeys, accessKeyConfigured);
  // Handlers first: whoever reads the banner may signal at once, and an unhandled SIGTERM kills outright.
  handleSignals(log, opened, config.shutdownDeadlineMs);
  process.stdout.write(banner(config, app, opened.dimse, admin, accessKey));

  if (store && config.samples && readSampleState(config.dataDir) === 'pending') {
    opened.seeded = seedSamples(store, datastoreId, log, seeding.signal)
      .then((complete) => complete && writeSampleState(config.dataDir, 'done'))
      .catch((error: unknown) => log.error({ err: error }, 'samples: ingest failed; the next start retries'));
  }
}

/** Stops the sample ingest on shutdown. */
const seeding = new AbortController();

/** What stdout says once both servers listen: where, and any credential generated by this start (shown once, never logged). */
function banner(
  config: TriageConfig,
  app: TriageApp,
  dimse: DimseServer | undefined,
  admin: ReturnType<typeof ensureAdminToken>,
  accessKey: ReturnType<typeof ensureAccessKey>,
): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const bracket = (host: string) => (host.includes(':') ? `[${host}]` : host);
  let text = `triage api listening on http://${bracket(config.host)}:${port}\n`;
  if (dimse) text += `triage dicom listening on ${bracket(config.dicomHost)}:${dimse.port} (AE ${config.dicomAeTitle})\n`;
  if (admin.generated) {
    // Shown once (only its hash is kept), on stdout with the address: never logged.
    text +=
      `admin token (shown once, store it now): ${admin.token}\n` +
      `  use it as "Authorization: Bearer <token>"; set TRIAGE_ADMIN_TOKEN to choose your own.\n`;
  }
  if (accessKey.generated) {
    // The secret must be kept to verify signatures (0600 file); it is shown here once and never logged.
    text +=
      `HealthImaging API access key (shown once): TRIAGE_ACCESS_KEY_ID=${accessKey.key.accessKeyId} TRIAGE_SECRET_ACCESS_KEY=${accessKey.key.secretAccessKey}\n` +
      `  use it as AWS credentials with --endpoint-url; set both variables to choose your own.\n`;
  }
  return text;
}

/** What closing the store, the audit log and the codecs may take after the HTTP deadline, before the process exits anyway. */
const CLOSE_GRACE_MS = 1_500;

/**
 * SIGTERM/SIGINT: stop accepting on both ports, close idle connections at once, give requests in
 * flight `deadlineMs` to finish, then close the store; a second signal exits at once. Should closing
 * hang beyond the deadline and a grace, the process exits anyway (1): every acknowledged write is
 * already durable, and a service manager's SIGKILL would come next.
 */
function handleSignals(log: Logger, opened: Opened, deadlineMs: number): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, deadlineMs }, 'shutting down');
    setTimeout(() => {
      log.error({ signal }, `shutdown did not finish within ${deadlineMs + CLOSE_GRACE_MS} ms: exiting now`);
      process.exit(1);
    }, deadlineMs + CLOSE_GRACE_MS).unref();
    seeding.abort();
    try {
      await closeAll(opened, deadlineMs, log);
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/**
 * Closes whatever was opened, in reverse: both servers stop accepting at once (HTTP: idle
 * connections now, requests in flight within the deadline; DIMSE: associations dropped, stores in
 * flight finish), then the audit log, the store (waits for its writes), the event bus (waits for
 * handlers in progress) and the codecs.
 */
async function closeAll(opened: Opened, deadlineMs = DEFAULT_SHUTDOWN_DEADLINE_MS, log?: Logger): Promise<void> {
  await Promise.all([
    opened.app &&
      closeHttp(opened.app, deadlineMs).then(({ cut }) => {
        if (cut) log?.warn({ deadlineMs }, 'shutdown: requests still in flight at the deadline were cut');
      }),
    opened.dimse?.close(),
  ]);
  opened.sessions?.close();
  opened.audit?.close();
  await opened.seeded;
  // The bus first: deliveries in progress (the loop's handlers, the projector) finish while the stores they write are open.
  await opened.events?.close();
  await opened.loop?.close();
  await opened.scorer?.close();
  opened.verifiedLabels?.close();
  // Then every port, newest first: the runner stops its step processes with their groups, then the registry, the
  // catalog, the store (waits for its writes), the bus's own file and the audit anchor.
  await opened.backend?.close();
  await opened.codecPool?.close();
}

void main();

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from '@triage/platform';
import { DEFAULT_FRAME_CACHE_MB, createMetricsRegistry } from '@triage/platform';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, RawServerDefault, RouteOptions } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { authPlugin } from '../plugins/auth';
import type { SessionLookup } from '../plugins/auth';
import { securityHeadersPlugin } from '../plugins/security-headers';
import { sessionRoutes } from '../session/session-routes';
import { viewerStatic } from '../viewer/viewer-static';
import { viewerConfigRoute } from '../viewer/viewer-config-route';
import { worklistRoutes } from '../worklist/worklist-routes';
import type { CatalogChangeSource } from '../worklist/worklist-changes';
import { labelRoutes } from '../labels/label-routes';
import type { Catalog } from '@triage/catalog';
import { DEFAULT_FINDINGS } from '@triage/catalog';
import type { SessionStore } from '@triage/platform';
import { auditPlugin } from '../plugins/audit';
import type { AuditReader, AuditSink, StudyAccessWindowOptions } from '@triage/platform';
import { auditRoutes } from '../admin/audit-routes';
import { conflictRoutes } from '../admin/conflict-routes';
import { deadLetterRoutes } from '../events/dead-letter-routes';
import type { VerifiedLabels } from '../events/verified-labels';
import { verifiedLabelsRoutes } from '../events/verified-labels-routes';
import type { ModelRegistry } from '@triage/registry';
import { modelRoutes, type ModelRoutesOptions } from '../models/model-routes';
import type { PipelineRoutesOptions } from '../pipelines/pipeline-routes';
import { pipelineRoutes } from '../pipelines/pipeline-routes';
import { monitoringRoutes, type MonitoringRoutesOptions } from '../monitoring/monitoring-routes';
import { loopRoutes, type LoopRoutesOptions } from '../mlops/loop-routes';
import type { DeadLetters, EventBus } from '@triage/events';
import { closeConnectionsWhenClosing } from './close-http';
import { tokenRoutes } from '../admin/token-routes';
import type { TokenAdmin } from '../admin/token-admin';
import { isTokenAdmin } from '../admin/token-admin';
import { accessKeyRoutes } from '../admin/access-key-routes';
import type { AccessKeyAdmin } from '../admin/access-key-admin';
import { isAccessKeyAdmin } from '../admin/access-key-admin';
import type { Authenticator } from '../plugins/auth';
import { docsPlugin } from '../plugins/docs';
import { AccessLogController } from '../plugins/access-log';
import { errorsPlugin } from '../plugins/errors';
import { healthRoute } from '../plugins/health-route';
import { metricsRoute } from '../plugins/metrics-route';
import { requestMetricsPlugin } from '../plugins/request-metrics';
import { qidoRoutes } from '../qido/qido-routes';
import { stowRoutes } from '../stow/stow-routes';
import { wadoRoutes } from '../wado/wado-routes';
import { healthImagingRoutes } from '../healthimaging-api/healthimaging-routes';
import { importJobRoutes } from '../import-jobs/import-job-routes';
import type { AccessKeyLookup, HttpLimits } from '@triage/platform';
import type { ApiContext, ApiMetrics } from './api-context';
import { DICOMWEB_PREFIX } from './api-context';
import { createApiMetrics } from './api-metrics';
import { capConnections, httpLimits, httpServerOptions } from './http-server-options';
import { idleBodyPlugin } from './idle-body-plugin';
import { PROBLEM_JSON, problem } from './problem';

/** The app as built: Fastify with the TypeBox type provider. */
export type TriageApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

/** What {@link buildApp} needs: the store and codec workers, who may sign in, and the limits. */
export interface BuildAppOptions extends Pick<ApiContext, 'datastoreId'>, Partial<Pick<ApiContext, 'store' | 'codecPool'>> {
  /** Maps bearer tokens to principals (the platform's TokenStore). */
  authenticator: Authenticator;
  /** Where PHI reads, changes and refusals are audited (the platform's AuditLog); with `read`, GET /admin/audit serves it. */
  audit?: AuditSink & Partial<AuditReader>;
  /** How study reads are gathered into per-access audit records (default 5 s windows; `{ windowMs: 0 }`: each read its own record). */
  auditStudyReads?: StudyAccessWindowOptions;
  /** Issues and revokes tokens for /admin/tokens; the authenticator when it can (a TokenStore). */
  tokens?: TokenAdmin;
  /** The access keys SigV4 requests to the HealthImaging API are verified against; none: every signed request is refused. */
  accessKeys?: AccessKeyLookup;
  /** Issues and revokes access keys for /admin/access-keys; `accessKeys` when it can (an AccessKeyStore). */
  accessKeyAdmin?: AccessKeyAdmin;
  /** A pino logger (the platform's createLogger); none by default. */
  logger?: Logger;
  /** Where metrics are registered; a fresh registry by default. */
  registry?: Registry;
  /** The largest request body (STOW-RS uploads); default 4 GiB. */
  bodyLimitBytes?: number;
  /** The largest instance in a STOW-RS upload; default 1 GiB. */
  partLimitBytes?: number;
  /** Where folder import jobs (/import-jobs) write their manifests; without it those routes are not served. */
  importOutputDir?: string;
  /** When given, /import-jobs imports only folders under these (TRIAGE_IMPORT_ROOTS). */
  importRoots?: string[];
  /** Timeouts and connection caps (TRIAGE_HTTP_*); the platform's defaults for those not given. */
  http?: Partial<HttpLimits>;
  /** The event bus (the local one in main.ts): routes subscribe on it, and /admin/events/dead-letters serves its dead letters. */
  events?: EventBus & DeadLetters;
  /** The durable 'verified-labels' subscriber (main.ts subscribes it on the bus): /admin/events/deliveries serves what it processed. */
  verifiedLabels?: VerifiedLabels;
  /** Browser sessions (the platform's SessionStore): with them, /session is served and the session cookie authenticates. */
  sessions?: SessionLookup & Pick<SessionStore, 'create' | 'revoke'>;
  /** Sign-in attempts per client address per minute (TRIAGE_SIGNIN_RATE_PER_MIN); default 10. */
  signInRatePerMin?: number;
  /** Origins answered with CORS headers (TRIAGE_CORS_ORIGINS); none by default: no CORS. */
  corsOrigins?: readonly string[];
  /** The built viewer (index.html and assets), served at `/`; without it, `/` is not served. */
  viewerDir?: string;
  /** Labels, predictions and the worklist: with it, /api/worklist and /api/image-sets/{id}/label are served. */
  catalog?: Catalog;
  /** The catalog's committed changes (LocalCatalog's `onChanged` feeding a WorklistChanges): what /api/worklist/events streams. Needed with `catalog`. */
  catalogChanges?: CatalogChangeSource;
  /** The model registry: with it, /api/models/... is served. */
  modelRegistry?: ModelRegistry;
  /** The pipeline runner and its definition (main.ts's openPipelines): with them, /api/pipelines/... is served. */
  pipelines?: PipelineRoutesOptions;
  /** The object store a registered version's s3:// artifacts are in: with it, a version's evaluation is served. */
  modelObjects?: ModelRoutesOptions['objects'];
  /** Drift and shadow comparisons per model group (GET /api/models/groups/:group/monitoring). */
  monitoring?: MonitoringRoutesOptions;
  /** The loop (main.ts's openLoop): a run through the trigger's lock, and the decisions of finished runs. */
  loop?: LoopRoutesOptions;
  /** Bytes of decoded frames WADO-RS keeps for native-pixel answers (TRIAGE_FRAME_CACHE_MB); default {@link DEFAULT_FRAME_CACHE_MB} MiB. */
  frameCacheBytes?: number;
}

/** The method and URL pattern of a registered route. */
export interface RouteSummary {
  method: string;
  url: string;
  public: boolean;
  /** Authenticated by a SigV4 signature (the HealthImaging API), not a bearer token. */
  sigv4?: boolean;
}

const GIB = 1024 * 1024 * 1024;
const DEFAULT_SIGNIN_RATE = 10;
/** Bodies other than STOW-RS uploads (JSON) are small. */
const JSON_BODY_LIMIT = 1024 * 1024;
const routeLists = new WeakMap<FastifyInstance, { method: string; route: RouteOptions }[]>();
const metricLists = new WeakMap<FastifyInstance, ApiMetrics>();

/**
 * Builds the API (not listening): auth on every route but /healthz, problem+json errors, request
 * metrics, OpenAPI at /docs, /healthz, /metrics, and DICOMweb (STOW-RS here; QIDO-RS and WADO-RS
 * from their plugins) under {@link DICOMWEB_PREFIX}. Used by main.ts and by the tests.
 */
export async function buildApp(options: BuildAppOptions): Promise<TriageApp> {
  const registry = options.registry ?? createMetricsRegistry();
  const bodyLimitBytes = options.bodyLimitBytes ?? 4 * GIB;
  const partLimitBytes = Math.min(options.partLimitBytes ?? GIB, bodyLimitBytes);
  const limits = httpLimits(options.http);
  const app = Fastify<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    ...(options.logger
      ? { loggerInstance: options.logger as FastifyBaseLogger, logController: new AccessLogController() }
      : { logger: false }),
    ...httpServerOptions(limits),
    bodyLimit: JSON_BODY_LIMIT,
    // Longer than any id we accept, short enough that a long path segment is refused cheaply.
    routerOptions: { maxParamLength: 256 },
    return503OnClosing: true,
    frameworkErrors: (error, _request, reply) => {
      // A malformed URL (bad percent-encoding) never reaches routing, hooks or handlers.
      (reply as unknown as FastifyReply).code(400).type(PROBLEM_JSON).send(problem(400, error.message));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  capConnections(app.server, limits);

  const routes: { method: string; route: RouteOptions }[] = [];
  routeLists.set(app, routes);
  // Kept whole and summarised when listed: hooks of inner scopes (the docs) still change the config after this one ran.
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, route });
  });

  const metrics = createApiMetrics(registry, options.store);
  metricLists.set(app, metrics);
  // The DICOM doors need the embedded engine: where the archive is a managed service (AWS HealthImaging) they are not served here.
  const context: ApiContext | undefined =
    options.store && options.codecPool
      ? { store: options.store, datastoreId: options.datastoreId, codecPool: options.codecPool, metrics }
      : undefined;

  await app.register(errorsPlugin);
  closeConnectionsWhenClosing(app);
  // Every body is read through the idle timeout: a client that stops sending is cut with a 408.
  await app.register(idleBodyPlugin, { idleMs: limits.bodyIdleTimeoutMs });
  await app.register(requestMetricsPlugin, { registry });
  await app.register(securityHeadersPlugin, { corsOrigins: options.corsOrigins });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(authPlugin, { authenticator: options.authenticator, sessions: options.sessions });
  if (options.audit) await app.register(auditPlugin, { audit: options.audit, studyReads: options.auditStudyReads });
  await app.register(docsPlugin);
  await app.register(healthRoute);
  await app.register(metricsRoute, { registry });
  if (options.sessions)
    await app.register(sessionRoutes, { sessions: options.sessions, signInRatePerMin: options.signInRatePerMin ?? DEFAULT_SIGNIN_RATE });
  if (options.viewerDir) await app.register(viewerStatic, { viewerDir: options.viewerDir });
  await app.register(viewerConfigRoute, { findings: options.catalog?.findings ?? DEFAULT_FINDINGS });
  if (options.catalog) {
    if (!options.catalogChanges) throw new Error('buildApp: a catalog needs its catalogChanges (LocalCatalog onChanged → WorklistChanges)');
    await app.register(worklistRoutes, { catalog: options.catalog, datastoreId: options.datastoreId, changes: options.catalogChanges });
    await app.register(labelRoutes, { catalog: options.catalog, datastoreId: options.datastoreId });
  }
  if (context) {
    await app.register(stowRoutes, { ...context, prefix: DICOMWEB_PREFIX, bodyLimitBytes, partLimitBytes });
    await app.register(qidoRoutes, { ...context, prefix: DICOMWEB_PREFIX });
    await app.register(wadoRoutes, {
      ...context,
      prefix: DICOMWEB_PREFIX,
      frameCacheBytes: options.frameCacheBytes ?? DEFAULT_FRAME_CACHE_MB * 1024 * 1024,
    });
  }
  const tokens = options.tokens ?? (isTokenAdmin(options.authenticator) ? options.authenticator : undefined);
  if (tokens) await app.register(tokenRoutes, { tokens });
  const accessKeyAdmin = options.accessKeyAdmin ?? (isAccessKeyAdmin(options.accessKeys) ? options.accessKeys : undefined);
  if (accessKeyAdmin) await app.register(accessKeyRoutes, { accessKeys: accessKeyAdmin });
  if (options.audit?.read) await app.register(auditRoutes, { reader: options.audit as AuditReader });
  if (context) await app.register(conflictRoutes, context);
  if (options.events) await app.register(deadLetterRoutes, { deadLetters: options.events });
  if (options.verifiedLabels)
    await app.register(verifiedLabelsRoutes, { verified: options.verifiedLabels, datastoreId: options.datastoreId });
  if (options.modelRegistry) await app.register(modelRoutes, { registry: options.modelRegistry, objects: options.modelObjects });
  if (options.pipelines) await app.register(pipelineRoutes, options.pipelines);
  if (options.monitoring) await app.register(monitoringRoutes, options.monitoring);
  if (options.loop) await app.register(loopRoutes, options.loop);
  if (context) await app.register(healthImagingRoutes, { ...context, accessKeys: options.accessKeys });
  if (context && options.importOutputDir)
    await app.register(importJobRoutes, { ...context, outputDir: options.importOutputDir, importRoots: options.importRoots });
  await app.ready();
  return app;
}

/** The routes an app built by {@link buildApp} serves (for tests and docs). */
export function listRoutes(app: FastifyInstance | TriageApp): RouteSummary[] {
  return (routeLists.get(app as FastifyInstance) ?? []).map(({ method, route }) => ({
    method,
    url: route.url,
    public: route.config?.public === true,
    ...(route.config?.sigv4 === true && { sigv4: true }),
  }));
}

/** The domain metrics an app built by {@link buildApp} counts into (for the DIMSE SCP, which counts ingests too). */
export function appMetrics(app: FastifyInstance | TriageApp): ApiMetrics {
  const metrics = metricLists.get(app as FastifyInstance);
  if (!metrics) throw new Error('appMetrics: the app was not built by buildApp');
  return metrics;
}
